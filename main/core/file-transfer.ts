// Where a file operation's bytes go or come from (common/api/operation.ts, FileTransfer). The
// domain writes a download to a FileTarget and imports the files an UploadSource hands it; the
// binding decides what they are: the HTTP response and request body (streamed), or, in the
// desktop, files the user chose in a save or open dialog (main reads and writes them itself,
// since IPC carries values, not streams). In core so that the domain needs no binding.

/** An open destination for one file. */
export interface FileSink {
  /** Where the file went ('' when it went to an HTTP response). */
  readonly path: string;
  /** Resolves once the chunk is taken (backpressure). */
  write(chunk: string | Uint8Array): Promise<void>;
  /** Bytes written so far. */
  readonly bytes: number;
  end(): Promise<void>;
  /** The download failed half-way: drop what was written (a partial file must not look whole). */
  abort(): Promise<void>;
}

export interface DownloadTarget {
  /**
   * Opens the destination of a file of this suggested name and type; undefined when the user
   * cancelled the dialog. `summary`: the operation's summary fields (FileTransfer), known before
   * the file (over HTTP they go out as response headers ahead of it).
   */
  open(file: {
    name: string;
    contentType: string;
    summary?: Readonly<Record<string, unknown>>;
  }): Promise<FileSink | undefined>;
}

/** One file to import: where it is now, the name the analyst knows, and whether it is a copy. */
export interface UploadedFile {
  path: string;
  name: string;
  /** A copy made for the import (HTTP upload): deleted when the import is done. */
  removeAfter: boolean;
}

export interface UploadSource {
  /** The files to import ([] when the user cancelled the dialog). */
  files(): Promise<UploadedFile[]>;
}

/** What one call may move, by the binding that carries it. */
export interface FileChannel {
  download: DownloadTarget;
  upload: UploadSource;
}
