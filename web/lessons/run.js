// Runs a catalogue entry (its spec once per seed) through the core and judges its
// checks: what `optzoo lessons check` and the lesson tests call.
'use strict';
const { entrySpecs } = require('./catalogue.js');
const { evaluate } = require('./checks.js');

// One result per seed. With variants, the seed's results are joined into one whose
// runs are labelled "VARIANT/label", so a check can compare across variants.
async function runEntry(api, entry) {
  const bySeed = new Map();
  for (const { seed, variant, spec } of entrySpecs(entry)) {
    const result = await api.run(JSON.stringify(spec));
    const runs = result.runs.map((r) => (variant ? { ...r, label: `${variant}/${r.label}` } : r));
    if (!bySeed.has(seed)) bySeed.set(seed, { runs: [] });
    bySeed.get(seed).runs.push(...runs);
  }
  return [...bySeed.values()];
}

// {pass, checks: [{pass, figure, text}]} for one lesson; a check that cannot be
// evaluated (a run name the spec lacks) fails with its reason as text.
async function checkEntry(api, entry) {
  const results = await runEntry(api, entry);
  const checks = entry.checks.map((c) => {
    try {
      return evaluate(c, results);
    } catch (e) {
      return { pass: false, figure: 'NaN', text: e.message };
    }
  });
  return { pass: checks.every((c) => c.pass), checks };
}

// One line per lesson: "PASS id: figure text; figure text".
const lessonLine = (id, outcome) =>
  `${outcome.pass ? 'PASS' : 'FAIL'} ${id}: ${outcome.checks.map((c) => `${c.pass ? '' : '[failed] '}${c.figure} ${c.text}`).join('; ')}`;

module.exports = { runEntry, checkEntry, lessonLine };
