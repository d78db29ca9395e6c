// The report page's script and styles. build.mjs bundles them (uPlot included) and defines them
// as constants in the CLI bundle; run from source (tests), they are read from dist/ instead.
import { readFileSync } from 'node:fs';

declare const __REPORT_PAGE_JS__: string | undefined;
declare const __REPORT_PAGE_CSS__: string | undefined;

export interface PageAssets {
  js: string;
  css: string;
}

let cached: PageAssets | undefined;

export function pageAssets(): PageAssets {
  if (cached) return cached;
  if (typeof __REPORT_PAGE_JS__ === 'string' && typeof __REPORT_PAGE_CSS__ === 'string') {
    cached = { js: __REPORT_PAGE_JS__, css: __REPORT_PAGE_CSS__ };
    return cached;
  }
  const dist = new URL('../../../dist/', import.meta.url);
  try {
    cached = {
      js: readFileSync(new URL('report-page.js', dist), 'utf8'),
      css: readFileSync(new URL('report-page.css', dist), 'utf8'),
    };
  } catch {
    throw new Error('the report page is not built: run `node build.mjs` first');
  }
  return cached;
}
