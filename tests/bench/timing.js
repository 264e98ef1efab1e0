// How every figure of `npm run bench` is timed: grow a chunk of calls until it takes
// about TARGET_CHUNK_SECONDS, then time REPEATS such chunks after a warm-up and keep
// the median. The interquartile range over the median of those repetitions is the
// figure's noise. tests/bench/native/optzoo_bench.cpp does the same in C++.
'use strict';

const REPEATS = 7;
const TARGET_CHUNK_SECONDS = 0.25;
const SLOW_CALL_SECONDS = 2;
const SLOW_REPEATS = 3;
// TF.js's JavaScript took over a second of calls to reach its full speed (its first
// 2-8-8-2 figure came out a third low after a three-call warm-up), so every work warms
// up for at least this long.
const WARMUP_SECONDS = 1;

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
const quantile = (xs, q) => sorted(xs)[Math.round(q * (xs.length - 1))];
const iqrOverMedian = (xs) => (quantile(xs, 0.75) - quantile(xs, 0.25)) / median(xs);
const now = () => Number(process.hrtime.bigint()) / 1e9;

// Every noise figure measured in this process, for the summary line.
const noise = [];

// Median calls per second of `work(count)` (which makes `count` calls), its noise,
// and the best repetition (for a ceiling, which other processes can only lower).
function measure(work, { repeats = REPEATS, chunkSeconds = TARGET_CHUNK_SECONDS } = {}) {
  // Warm-up (JIT, allocation, caches): calls for WARMUP_SECONDS, or one when a call is
  // slow. A call slower than SLOW_CALL_SECONDS (TF.js cpu's CNN step takes over 10 s)
  // gets SLOW_REPEATS repetitions, so that the bench stays a few minutes long.
  const t0 = now();
  work(1);
  const first = now() - t0;
  if (first > SLOW_CALL_SECONDS) repeats = Math.min(repeats, SLOW_REPEATS);
  let count = 1;
  for (;;) {
    const t = now();
    work(count);
    const dt = now() - t;
    if ((dt > chunkSeconds / 4 && now() - t0 > WARMUP_SECONDS) || count > 1e6) {
      count = Math.max(1, Math.round((count * chunkSeconds) / Math.max(dt, 1e-6)));
      break;
    }
    if (dt <= chunkSeconds / 4) count *= 4;
  }
  const rates = [];
  for (let r = 0; r < repeats; r++) {
    const t = now();
    work(count);
    rates.push(count / (now() - t));
  }
  noise.push(iqrOverMedian(rates));
  return { rate: median(rates), noise: iqrOverMedian(rates), best: Math.max(...rates), repeats };
}

const rate = (work, options) => measure(work, options).rate;

// For figures that are single samples (a page load, a memory peak): the median and
// its noise, also counted in the summary.
function summarize(samples) {
  const n = iqrOverMedian(samples);
  noise.push(n);
  return { median: median(samples), noise: n, samples };
}

module.exports = { REPEATS, SLOW_REPEATS, SLOW_CALL_SECONDS, TARGET_CHUNK_SECONDS, WARMUP_SECONDS, measure, rate, summarize, median, quantile, noise, now };
