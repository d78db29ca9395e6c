// What a person looks at after a run: the HTML report of a results folder, and a local server
// that lists past runs and serves their reports.
export { writeHtmlReport, tryWriteHtmlReport, buildReportData } from './html-report.js';
export { serveRuns, type ServeOptions, type RunningServer } from './serve.js';
