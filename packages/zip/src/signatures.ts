// Record signatures from PKWARE's APPNOTE, read as little-endian 32-bit words.
export const LOCAL_HEADER = 0x04034b50;
export const CENTRAL_HEADER = 0x02014b50;
export const DATA_DESCRIPTOR = 0x08074b50;
export const ZIP64_END = 0x06064b50;
export const ZIP64_LOCATOR = 0x07064b50;
export const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
export const DIGITAL_SIGNATURE = 0x05054b50;

export const LOCAL_HEADER_BYTES = Uint8Array.of(0x50, 0x4b, 0x03, 0x04);

// Sizes of the fixed parts of each record.
export const LOCAL_HEADER_SIZE = 30;
export const CENTRAL_HEADER_SIZE = 46;
export const ZIP64_END_SIZE = 56;
export const ZIP64_LOCATOR_SIZE = 20;
export const END_SIZE = 22;

/** Values that mean "look in the ZIP64 record instead". */
export const MAX_U16 = 0xffff;
export const MAX_U32 = 0xffffffff;

// General-purpose flag bits.
export const FLAG_ENCRYPTED = 0x0001;
export const FLAG_DESCRIPTOR = 0x0008;
export const FLAG_STRONG_ENCRYPTION = 0x0040;
export const FLAG_UTF8 = 0x0800;

export const METHOD_STORED = 0;
export const METHOD_DEFLATED = 8;
export const METHOD_AES = 99;
