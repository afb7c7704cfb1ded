import { readFileSync } from 'node:fs';

/** The NODE_OPTIONS the Dockerfile sets, read from it, so that benchmarks run kubegate as the image does. */
export const IMAGE_NODE_OPTIONS: string =
  /NODE_OPTIONS="([^"]*)"/.exec(readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8'))?.[1] ??
  (() => {
    throw new Error('the Dockerfile sets no NODE_OPTIONS="…": bench/image.ts needs updating');
  })();
