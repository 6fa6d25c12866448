// ApiClient over HTTP, for the browser UI served by the daemon and for tests. Uses fetch only, so
// it runs in browsers and in Node alike.
import { AppError } from '../util/errors.js';
import {
  type ApiClient,
  type OperationInput,
  type OperationName,
  type OperationOutput,
  apiPrefix,
  contract,
} from './contract.js';
import { ApiErrorBody, type ApiErrorKind } from './errors.js';

/** A failed call as the client sees it: the binding's status and the ApiError's kind, if any. */
export class ApiCallError extends AppError {
  readonly status: number;
  readonly field: string | undefined;
  readonly kind: ApiErrorKind | undefined;
  constructor(status: number, code: string, message: string, field?: string, kind?: ApiErrorKind) {
    super(code, message, { status, field, kind });
    this.status = status;
    this.field = field;
    this.kind = kind;
  }
}

export class HttpApiClient implements ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: () => string | undefined,
  ) {}

  async call<N extends OperationName>(
    name: N,
    input: OperationInput<N>,
    options: { signal?: AbortSignal } = {},
  ): Promise<OperationOutput<N>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const token = this.token();
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${this.baseUrl}${apiPrefix}/${name}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(input ?? {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const body: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      const parsed = ApiErrorBody.safeParse(body);
      if (parsed.success)
        throw new ApiCallError(
          res.status,
          parsed.data.error.code,
          parsed.data.error.message,
          parsed.data.error.field,
          parsed.data.error.kind,
        );
      throw new ApiCallError(res.status, 'http.status', `${name}: HTTP ${res.status}`);
    }
    return contract[name].output.parse(body) as OperationOutput<N>;
  }
}
