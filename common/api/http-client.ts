// ApiClient over HTTP, for the browser UI served by the daemon and for tests. Uses fetch only, so
// it runs in browsers and in Node alike.
import { AppError } from '../util/errors.js';
import {
  type ApiClient,
  type OperationInput,
  type OperationName,
  type OperationOutput,
  contract,
  type DownloadName,
  operationPath,
  type UploadName,
} from './contract.js';
import { ApiErrorBody, type ApiErrorKind } from './errors.js';
import { type Operation, uploadNameHeader } from './operation.js';

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
    if (contract[name].file)
      throw new AppError(
        'api.file_operation',
        `${name} moves a file: over HTTP use download() or upload(), which stream it`,
      );
    const res = await this.post(name, JSON.stringify(input ?? {}), 'application/json', options);
    return contract[name].output.parse(await res.json()) as OperationOutput<N>;
  }

  /** A download operation's file: the response, to be read as a stream. */
  async download<N extends DownloadName>(
    name: N,
    input: OperationInput<N>,
    options: { signal?: AbortSignal } = {},
  ): Promise<Response> {
    return this.post(name, JSON.stringify(input ?? {}), 'application/json', options);
  }

  /** An upload operation with one file as the body, streamed by fetch. */
  async upload<N extends UploadName>(
    name: N,
    file: { name: string; body: NonNullable<RequestInit['body']> },
    options: { signal?: AbortSignal } = {},
  ): Promise<OperationOutput<N>> {
    const res = await this.post(name, file.body, 'application/octet-stream', options, {
      [uploadNameHeader]: encodeURIComponent(file.name),
    });
    return (contract[name] as Operation).output.parse(await res.json()) as OperationOutput<N>;
  }

  private async post(
    name: OperationName,
    body: NonNullable<RequestInit['body']>,
    type: string,
    options: { signal?: AbortSignal },
    extra: Record<string, string> = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': type, ...extra };
    const token = this.token();
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${this.baseUrl}${operationPath(name)}`, {
      method: 'POST',
      headers,
      body,
      ...(options.signal ? { signal: options.signal } : {}),
      // Node's fetch streams a ReadableStream body only half-duplex.
      ...(typeof body === 'object' && body !== null && 'getReader' in body
        ? { duplex: 'half' }
        : {}),
    } as RequestInit);
    if (!res.ok) throw await callError(name, res);
    return res;
  }
}

/** A non-2xx response as an ApiCallError: the API's error body when there is one. */
export async function callError(name: string, res: Response): Promise<ApiCallError> {
  const body: unknown = await res.json().catch(() => undefined);
  const parsed = ApiErrorBody.safeParse(body);
  if (parsed.success)
    return new ApiCallError(
      res.status,
      parsed.data.error.code,
      parsed.data.error.message,
      parsed.data.error.field,
      parsed.data.error.kind,
    );
  return new ApiCallError(res.status, 'http.status', `${name}: HTTP ${res.status}`);
}
