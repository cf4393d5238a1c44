// Writes a synthetic KEP tree for machines without the real corpus: `count` small KEPs (kep.yaml and a
// README with a table of contents), the first README larger, like the real tree's largest. Usage: node synthetic.mjs DIR [COUNT]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, countArg = '300'] = process.argv.slice(2);
if (!dir) throw new Error('usage: node synthetic.mjs DIR [COUNT]');
const count = Number(countArg);

function readme(n, sections) {
  const headings = Array.from({ length: sections }, (_, i) => `Section ${i}`);
  const toc = headings.map((h, i) => `- [${h}](#section-${i})`).join('\n');
  const body = headings
    .map((h, i) => `## ${h}\n\nSome text about the design, with a [link](#section-${(i + 1) % sections}) and \`code\`.\n\n- [ ] a task\n`)
    .join('\n');
  return `# KEP-${n}: Generated KEP ${n}\n\n<!-- toc -->\n${toc}\n<!-- /toc -->\n\n${body}`;
}

for (let n = 1; n <= count; n++) {
  const sig = `sig-${['node', 'network', 'storage', 'apps', 'cli'][n % 5]}`;
  const kep = join(dir, 'keps', sig, `${n}-generated-kep`);
  mkdirSync(kep, { recursive: true });
  writeFileSync(
    join(kep, 'kep.yaml'),
    `title: Generated KEP ${n}\nkep-number: ${n}\nauthors:\n  - "@author${n}"\nowning-sig: ${sig}\nstatus: provisional\n` +
      `creation-date: 2024-01-30\nreviewers:\n  - TBD\napprovers:\n  - TBD\nsee-also:\n  - "/keps/${sig}/${(n % count) + 1}-generated-kep"\n` +
      `stage: alpha\nlatest-milestone: "v1.31"\nmilestone:\n  alpha: "v1.31"\n`,
  );
  writeFileSync(join(kep, 'README.md'), readme(n, n === 1 ? 1500 : 40));
}
