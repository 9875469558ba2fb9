export const BUCKET = "kura";
export const ACCESS_KEY_ID = "test-key-id";
export const ACCESS_KEY_SECRET = "test-key-secret";
export const REGION = "oss-cn-hangzhou";
