// `npm run bench -- <name>`: runs one benchmark from bench/<name>.ts. Each prints its figures and
// ends with a one-line JSON summary.
const name = process.argv[2];
const known = [
  'pages',
  'sign',
  'compare',
  'testimony',
  'monitor',
  'monitor-floors',
  'monitor-pg',
  'monitor-live',
  'langid',
  'observatory',
  'uploads',
  'coordination',
  'ledger',
  'scale',
  'backup',
  'kk-latin',
  'start',
];
if (!name || !known.includes(name)) {
  console.error(`Usage: npm run bench -- <${known.join('|')}>`);
  process.exit(2);
}
await import(`./${name}.ts`);
