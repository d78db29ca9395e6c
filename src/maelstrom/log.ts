// Diagnostics go to stderr (Maelstrom keeps them per node); stdout carries protocol lines only.

export interface Logger {
  log(text: string): void;
}

export const stderrLogger: Logger = {
  log: (text) => {
    process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  },
};

export const silentLogger: Logger = { log: () => {} };
