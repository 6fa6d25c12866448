// Which insert failures are worth retrying. The server answering "your data is wrong" will answer
// the same forever: such a batch is split to find the bad rows, which are set aside (never
// dropped silently). Everything else (connection refused, reset, timeouts, too many parts,
// memory, a table not created yet) is transient: retry, then spool.
const DATA_ERROR =
  /^(CANNOT_PARSE|CANNOT_READ|TYPE_MISMATCH|INCORRECT_DATA|CANNOT_CONVERT_TYPE|VALUE_IS_OUT_OF_RANGE|ILLEGAL_COLUMN|ARGUMENT_OUT_OF_BOUND|TOO_LARGE_STRING_SIZE|INCORRECT_NUMBER_OF_COLUMNS|CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN|UNKNOWN_ELEMENT_OF_ENUM|BAD_ARGUMENTS)/;

export function isDataError(err: unknown): boolean {
  const type = (err as { type?: unknown } | null)?.type;
  return typeof type === 'string' && DATA_ERROR.test(type);
}
