// Maelstrom's error codes, in one table: name, code and whether the failure is definite (the
// operation certainly did not and will not happen). Nodes raise MaelstromError; the runtime
// turns it into an error body. The runner's client reads the same table.

export interface ErrorCode {
  readonly code: number;
  readonly name: string;
  readonly definite: boolean;
}

export const errorCodes = {
  timeout: { code: 0, name: 'timeout', definite: false },
  nodeNotFound: { code: 1, name: 'node-not-found', definite: true },
  notSupported: { code: 10, name: 'not-supported', definite: true },
  temporarilyUnavailable: { code: 11, name: 'temporarily-unavailable', definite: true },
  malformedRequest: { code: 12, name: 'malformed-request', definite: true },
  crash: { code: 13, name: 'crash', definite: false },
  abort: { code: 14, name: 'abort', definite: true },
  keyDoesNotExist: { code: 20, name: 'key-does-not-exist', definite: true },
  keyAlreadyExists: { code: 21, name: 'key-already-exists', definite: true },
  preconditionFailed: { code: 22, name: 'precondition-failed', definite: true },
  txnConflict: { code: 30, name: 'txn-conflict', definite: true },
} as const satisfies Record<string, ErrorCode>;

const byCode = new Map<number, ErrorCode>(Object.values(errorCodes).map((e) => [e.code, e]));

/** Codes outside the table (custom codes ≥ 1000 included) are indefinite, named `unknown`. */
export function describeErrorCode(code: number): ErrorCode {
  return byCode.get(code) ?? { code, name: 'unknown', definite: false };
}

export class MaelstromError extends Error {
  constructor(
    readonly code: number,
    text: string,
  ) {
    super(text);
    this.name = 'MaelstromError';
  }
}

export function malformed(text: string): MaelstromError {
  return new MaelstromError(errorCodes.malformedRequest.code, text);
}

export function notSupported(text: string): MaelstromError {
  return new MaelstromError(errorCodes.notSupported.code, text);
}
