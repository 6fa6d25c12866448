// An Operation is one request/response pair of the API, defined once with zod. Main binds every
// operation to Electron IPC and to HTTP from the same handler; the renderer calls it through an
// ApiClient and never knows which transport carries it.
import { z } from 'zod';

/**
 * An operation that moves a file rather than one JSON value each way. Over HTTP the file streams
 * (never whole in memory); over the desktop's IPC, which carries values and not streams, main asks
 * the user for a path with a dialog and reads or writes the file itself.
 *  - download: the HTTP response is the file (`contentTypes`: what it may be). `output` is what
 *    the caller learns: `FileSaved` (where the file went, its size) and the fields named in `summary`,
 *    which the HTTP response carries as headers before the file (a browser, the remote
 *    desktop and `ja4ws pcap` read them there; file-download.ts).
 *  - upload: the HTTP request body is the file (its name in `uploadNameHeader`); in the desktop,
 *    main asks for files with an open dialog and reads them from disk (no bytes cross IPC). The
 *    output is a record of lists with one entry per file, so the outputs of several files
 *    concatenate.
 */
export type FileTransfer =
  | {
      direction: 'download';
      contentTypes: readonly string[];
      /** Output field -> response header holding it (an integer known before the file). */
      summary?: Readonly<Record<string, string>>;
    }
  | { direction: 'upload' };

/** What a download's caller learns about the file besides its summary. */
export const FileSaved = z.object({
  /** False when the desktop's save dialog was cancelled (nothing written). */
  saved: z.boolean(),
  /** Where the file went: the path chosen in the desktop, the file name in a browser. */
  path: z.string(),
  bytes: z.number().int(),
});
export type FileSaved = z.infer<typeof FileSaved>;

export interface Operation<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  summary: string;
  input: I;
  output: O;
  /**
   * Changes what is stored (a verdict, settings, an import): once it succeeds, clients treat
   * every cached answer as stale.
   */
  write?: true;
  file?: FileTransfer;
}

/** Keeps `file`'s direction in the type, so that DownloadName and UploadName can select by it. */
export function operation<
  I extends z.ZodType,
  O extends z.ZodType,
  F extends FileTransfer | undefined = undefined,
>(def: Operation<I, O> & { file?: F }): Operation<I, O> & { file: F } {
  return def as Operation<I, O> & { file: F };
}

/** The request header that names an uploaded file (URI-encoded). */
export const uploadNameHeader = 'x-file-name';
