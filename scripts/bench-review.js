// The review phase of `npm run bench` (issue 4): on a job in NEEDS_REVIEW, over HTTP against the
// real API, time listing the first and the last page of open issues, the bulk resolves, finalize
// and the CSV export, and sample the API's resident memory while the export streams. Each figure
// is printed as soon as it is measured, so a run that fails or stops late still shows the rest.
import { readFile } from 'node:fs/promises';
import http from 'node:http';

const PAGE = 100;
// The spec's page-size maximum: walking to the last page takes a fifth of the requests at 100.
const WALK_PAGE = 500;
const SAMPLES = 50;
const ROW_ISSUE_TYPES = ['MISSING_EMAIL', 'INVALID_EMAIL_FORMAT'];
const RSS_SAMPLE_MS = 50;
// Past this a finalize is reported as missed and cancelled: a regression like the per-group scan
// fixed in 2d6ac50 (hours at 1M rows) must not hang the benchmark. 0 waits for ever.
const FINALIZE_CAP_SECONDS = Number(process.env.BENCH_FINALIZE_TIMEOUT_S ?? 600);
// Growth of the API's RSS during the export that still counts as flat: a buffering export of
// ~900,000 contacts would hold ~100 MB of CSV text (several times that as JS objects).
const FLAT_RSS_GROWTH_MB = 64;

const TARGETS = {
  listP95Ms: 100,
  bulkSeconds: 5,
  finalizeSeconds: 10,
  exportRowsPerSecond: 100_000,
  flatRssGrowthMb: FLAT_RSS_GROWTH_MB,
};

/** A /proc/<pid>/status figure (VmRSS, VmHWM…) in MB. */
export const procStatusMb = async (pid, field) => {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)[1]) / 1024;
};

// Nearest rank: with 50 samples p95 is the 48th fastest, so a single cold first request shows
// in max but does not move p95.
const percentile = (sorted, p) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];

const fmtMs = (ms) => `${ms.toFixed(1)} ms`;
const fmtInt = (n) => Math.round(n).toLocaleString('en');
const verdict = (ok) => (ok ? 'ok' : 'MISSED');

class TimedOut extends Error {
  constructor(url) {
    super(`no answer in time from ${url}`);
  }
}

/**
 * A JSON request over node:http, which waits for the answer however long it takes: fetch gives
 * up on a response whose headers take over 300 s, and a slow finalize must be measured, not lost.
 */
const request = (url, method, headers, body, timeoutMs = 0) =>
  new Promise((resolve, reject) => {
    const signal = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
    const req = http.request(url, { method, headers, signal }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode >= 400) {
          reject(new Error(`${method} ${url}: ${res.statusCode} ${text.slice(0, 500)}`));
          return;
        }
        try {
          resolve(JSON.parse(text));
        } catch (error) {
          reject(error);
        }
      });
      res.on('error', reject);
    });
    req.on('error', (error) => reject(signal?.aborted ? new TimedOut(url) : error));
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });

/**
 * Runs the phase on `jobId` and returns its figures, one row each with its target. `cancelRunning`
 * cancels what the bench database is still running, for a finalize given up on.
 */
export async function runReviewPhase({ base, auth, jobId, apiPid, rows, cancelRunning }) {
  const headers = { ...auth, 'content-type': 'application/json' };
  const call = (method, urlPath, body, timeoutMs) =>
    request(`${base}${urlPath}`, method, headers, body, timeoutMs);
  const issuesUrl = (limit, cursor) =>
    `/api/jobs/${jobId}/issues?status=OPEN&limit=${limit}` +
    (cursor ? `&cursor=${encodeURIComponent(cursor)}` : '');
  const figures = [];
  const report = (measure, value, target = '', met = '') => {
    figures.push({ measure, value, target, met });
    console.log(`  ${measure.padEnd(42)} ${value}${target ? `  (target ${target}) ${met}` : ''}`);
  };
  const timed = async (fn) => {
    const t0 = performance.now();
    const value = await fn();
    return { value, seconds: (performance.now() - t0) / 1000 };
  };

  // Sequential requests, each timed to the last byte of the parsed body: what a reviewer waits for.
  const timePage = async (name, cursor, expectLast) => {
    const times = [];
    let page;
    for (let i = 0; i < SAMPLES; i += 1) {
      const t0 = performance.now();
      page = await call('GET', issuesUrl(PAGE, cursor));
      times.push(performance.now() - t0);
    }
    if (page.items.length === 0) throw new Error('the issues page came back empty');
    if (expectLast && page.nextCursor !== null)
      throw new Error('the page found as the last one has a nextCursor');
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 0.95);
    report(
      `list ${name} page (${PAGE}) p95`,
      `${fmtMs(p95)} (p50 ${fmtMs(percentile(times, 0.5))}, max ${fmtMs(times.at(-1))}, ${SAMPLES} requests)`,
      `< ${TARGETS.listP95Ms} ms`,
      verdict(p95 < TARGETS.listP95Ms),
    );
    return page;
  };

  const { counts } = await call('GET', issuesUrl(1));
  console.log(
    `review of the ${fmtInt(rows)}-row job: ${fmtInt(counts.byStatus.OPEN)} open issues ` +
      `(by type, all statuses: ${Object.entries(counts.byType)
        .map(([type, n]) => `${type} ${fmtInt(n)}`)
        .join(', ')})`,
  );
  report('open issues (counts.byStatus.OPEN)', fmtInt(counts.byStatus.OPEN));
  await timePage('first', undefined, false);

  // The cursor is opaque, so the last page's is found by walking: cursors[k] fetches page k of
  // WALK_PAGE; the last PAGE issues start `skip` issues in, which one short request reaches.
  const walk = await timed(async () => {
    const cursors = [undefined];
    let walked = 0;
    for (;;) {
      const page = await call('GET', issuesUrl(WALK_PAGE, cursors.at(-1)));
      walked += page.items.length;
      if (page.nextCursor === null) break;
      cursors.push(page.nextCursor);
    }
    const skip = Math.max(0, walked - PAGE);
    const from = cursors[Math.floor(skip / WALK_PAGE)];
    const cursor =
      skip % WALK_PAGE === 0
        ? from
        : (await call('GET', issuesUrl(skip % WALK_PAGE, from))).nextCursor;
    return { cursor, pages: cursors.length };
  });
  report(
    'walk to the last page',
    `${walk.value.pages} pages of ${WALK_PAGE} in ${walk.seconds.toFixed(2)} s`,
  );
  await timePage('last', walk.value.cursor, true);

  const bulk = (type, action) =>
    timed(() => call('POST', `/api/jobs/${jobId}/issues/resolve-bulk`, { type, action }));
  const duplicates = await bulk('DUPLICATE_EMAIL', 'choose_first');
  report(
    'resolve-bulk DUPLICATE_EMAIL choose_first',
    `${duplicates.seconds.toFixed(2)} s (${fmtInt(duplicates.value.resolved)} resolved)`,
    `< ${TARGETS.bulkSeconds} s`,
    verdict(duplicates.seconds < TARGETS.bulkSeconds),
  );
  let rowSeconds = 0;
  let rowResolved = 0;
  for (const type of ROW_ISSUE_TYPES) {
    const { seconds, value } = await bulk(type, 'exclude');
    report(
      `resolve-bulk ${type} exclude`,
      `${seconds.toFixed(2)} s (${fmtInt(value.resolved)} resolved)`,
    );
    rowSeconds += seconds;
    rowResolved += value.resolved;
  }
  report(
    'resolve-bulk row issues, total',
    `${rowSeconds.toFixed(2)} s (${fmtInt(rowResolved)} resolved)`,
    `< ${TARGETS.bulkSeconds} s`,
    verdict(rowSeconds < TARGETS.bulkSeconds),
  );

  let finalize;
  try {
    finalize = await timed(() =>
      call('POST', `/api/jobs/${jobId}/finalize`, undefined, FINALIZE_CAP_SECONDS * 1000),
    );
  } catch (error) {
    if (!(error instanceof TimedOut)) throw error;
    // Left running, it would hold a CPU through the next size's ingest.
    await cancelRunning();
    report(
      'finalize',
      `> ${FINALIZE_CAP_SECONDS} s: gave up and cancelled it (BENCH_FINALIZE_TIMEOUT_S); no export`,
      `< ${TARGETS.finalizeSeconds} s`,
      verdict(false),
    );
    return figures;
  }
  const { finalContacts } = finalize.value.counts;
  report(
    'finalize',
    `${finalize.seconds.toFixed(2)} s (${fmtInt(finalContacts)} contacts)`,
    `< ${TARGETS.finalizeSeconds} s`,
    verdict(finalize.seconds < TARGETS.finalizeSeconds),
  );

  const rssBefore = await procStatusMb(apiPid, 'VmRSS');
  let rssPeak = rssBefore;
  let rssSamples = 0;
  let sampling = Promise.resolve();
  const sampler = setInterval(() => {
    sampling = sampling.then(async () => {
      rssPeak = Math.max(rssPeak, await procStatusMb(apiPid, 'VmRSS'));
      rssSamples += 1;
    });
  }, RSS_SAMPLE_MS);
  const exported = await timed(async () => {
    const res = await fetch(`${base}/api/jobs/${jobId}/export.csv`, { headers: auth });
    if (!res.ok) throw new Error(`GET export.csv: ${res.status} ${await res.text()}`);
    // Records are counted as the bytes arrive, by line breaks outside quotes (notes hold line
    // breaks); nothing is kept, so the bench's own memory stays flat too.
    let records = 0;
    let bytes = 0;
    let quoted = false;
    for await (const chunk of res.body) {
      bytes += chunk.length;
      for (let i = 0; i < chunk.length; i += 1) {
        const c = chunk[i];
        if (c === 0x22) quoted = !quoted;
        else if (c === 0x0a && !quoted) records += 1;
      }
    }
    return { rows: records - 1, bytes };
  });
  clearInterval(sampler);
  await sampling;
  const rssAfter = await procStatusMb(apiPid, 'VmRSS');
  const rssHwm = await procStatusMb(apiPid, 'VmHWM');
  const { rows: exportedRows, bytes } = exported.value;
  if (exportedRows !== finalContacts)
    throw new Error(`export.csv has ${exportedRows} rows, finalize said ${finalContacts}`);
  const rowsPerSecond = exportedRows / exported.seconds;
  report(
    'export.csv',
    `${fmtInt(rowsPerSecond)} rows/s (${fmtInt(exportedRows)} rows, ${(bytes / 1e6).toFixed(1)} MB ` +
      `in ${exported.seconds.toFixed(2)} s)`,
    `> ${fmtInt(TARGETS.exportRowsPerSecond)} rows/s`,
    verdict(rowsPerSecond > TARGETS.exportRowsPerSecond),
  );
  const growth = rssPeak - rssBefore;
  report(
    'API RSS during export',
    `before ${rssBefore.toFixed(0)} MB, peak ${rssPeak.toFixed(0)} MB (+${growth.toFixed(0)}), ` +
      `after ${rssAfter.toFixed(0)} MB (${rssSamples} samples); VmHWM ${rssHwm.toFixed(0)} MB`,
    `flat (peak < before + ${TARGETS.flatRssGrowthMb} MB)`,
    verdict(growth < TARGETS.flatRssGrowthMb),
  );
  return figures;
}
