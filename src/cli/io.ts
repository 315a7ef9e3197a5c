/** Where a command writes. Tests pass buffers; the real CLI passes process streams. */
export interface CliIo {
  /** Writes to standard output (text is written as is; add newlines yourself). */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** Whether standard output is a terminal (progress bars, colors). */
  readonly isTTY: boolean;
}

/** An {@link CliIo} that collects output in memory, for tests. */
export function memoryIo(): CliIo & { stdout: () => string; stderr: () => string } {
  let o = '';
  let e = '';
  return {
    out: (t) => void (o += t),
    err: (t) => void (e += t),
    isTTY: false,
    stdout: () => o,
    stderr: () => e,
  };
}

/** The process's own streams. */
export const processIo: CliIo = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  isTTY: Boolean(process.stdout.isTTY),
};
