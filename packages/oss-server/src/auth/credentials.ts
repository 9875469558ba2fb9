/** An access key the server accepts. */
export interface Credential {
  accessKeyId: string;
  accessKeySecret: string;
  /**
   * When set, the key behaves like an STS key: every request must carry this token
   * (`x-oss-security-token` header, or `security-token` in a signed URL).
   */
  securityToken?: string;
}
