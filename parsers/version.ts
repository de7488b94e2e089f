// The parser's version, stored with every revision and parse failure. Bump it when the output of
// parseDocument can change for the same bytes; `gongkai reparse` then records new revisions where it did.
export const PARSER_VERSION = '0.1.0';
