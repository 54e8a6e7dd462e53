/**
 * README.md's settings tables, rendered from the declarations in src/config.ts (SETTINGS), so the documentation of a
 * setting cannot drift from the code that reads it. `npm run docs:settings` rewrites them; src/config-docs.test.ts
 * fails while README.md differs.
 *
 * README.md holds one main block, `<!-- settings-table:start (npm run docs:settings) -->` ... `<!-- settings-table:end
 * -->`, and may place a group next to the prose it belongs to with `<!-- settings-table:start <group> (npm run
 * docs:settings) -->`; the main block then names that group's settings and links to the section holding it. Every
 * setting is described once.
 */
import { SETTING_GROUPS, SETTINGS, type SettingDeclaration, type SettingGroup, type SettingName } from './config.ts';

const BLOCK =
  /<!-- settings-table:start(?: ([a-z-]+))? \(npm run docs:settings\) -->[\s\S]*?<!-- settings-table:end -->/g;
const start = (group: string | undefined) =>
  `<!-- settings-table:start${group === undefined ? '' : ` ${group}`} (npm run docs:settings) -->`;
const END = '<!-- settings-table:end -->';

const code = (text: string) => `\`${text}\``;

function defaultCell(declaration: SettingDeclaration): string {
  if (declaration.default !== undefined) return code(declaration.default);
  return declaration.defaultText ?? 'unset';
}

function valuesCell(declaration: SettingDeclaration): string {
  if (declaration.range !== undefined) {
    const [min, max] = declaration.range;
    return `integer ${min}–${max === Number.MAX_SAFE_INTEGER ? '2^53−1' : max}`;
  }
  return declaration.values ?? '';
}

function productionCell(declaration: SettingDeclaration): string {
  const parts: string[] = [];
  if (declaration.production !== undefined) parts.push(declaration.production);
  if (declaration.productionDefault !== undefined) parts.push(`default ${code(declaration.productionDefault)}`);
  return parts.join('; ');
}

/** Settings of a group, in declaration order. */
function settingsOf(group: SettingGroup): SettingName[] {
  return (Object.keys(SETTINGS) as SettingName[]).filter((name) => SETTINGS[name].group === group);
}

/** One group's table (columns padded as Prettier formats Markdown tables). */
export function settingsTableMarkdown(group: SettingGroup): string {
  const rows = settingsOf(group).map((name) => {
    const declaration: SettingDeclaration = SETTINGS[name];
    return [
      code(name),
      defaultCell(declaration),
      valuesCell(declaration),
      productionCell(declaration),
      declaration.description,
    ];
  });
  for (const row of rows) {
    for (const cell of row) {
      if (cell.includes('|') || cell.includes('\n'))
        throw new Error(`settings table: "${cell}" has a | or a line break`);
    }
  }
  const header = ['Setting', 'Default', 'Values', 'Production', 'What it does'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** The last Markdown heading before `index` in `readme`. */
function headingBefore(readme: string, index: number): string {
  const headings = [...readme.slice(0, index).matchAll(/^#{1,6} (.+)$/gm)];
  const heading = headings.at(-1)?.[1];
  if (heading === undefined) throw new Error('README.md: a settings table placed for a group needs a heading above it');
  return heading.trim();
}

/**
 * `readme` with every settings block rewritten from the declarations; throws when the main block is missing or
 * repeated, or a block names an unknown group or a group twice.
 */
export function withSettingsTables(readme: string): string {
  const blocks = [...readme.matchAll(BLOCK)].map((match) => ({ group: match[1], index: match.index }));
  const main = blocks.filter((block) => block.group === undefined);
  if (main.length !== 1) throw new Error(`README.md needs exactly one ${start(undefined)} ... ${END} block`);
  const placed = new Map<SettingGroup, string>();
  for (const { group, index } of blocks) {
    if (group === undefined) continue;
    if (!(group in SETTING_GROUPS)) throw new Error(`README.md: settings table for an unknown group "${group}"`);
    if (placed.has(group as SettingGroup)) throw new Error(`README.md: the settings group "${group}" is placed twice`);
    placed.set(group as SettingGroup, headingBefore(readme, index));
  }
  return readme.replace(BLOCK, (_match, group: string | undefined) => {
    if (group !== undefined) return `${start(group)}\n\n${settingsTableMarkdown(group as SettingGroup)}\n\n${END}`;
    const parts = (Object.keys(SETTING_GROUPS) as SettingGroup[]).map((each) => {
      const title = `**${SETTING_GROUPS[each]}**`;
      const heading = placed.get(each);
      if (heading === undefined) return `${title}\n\n${settingsTableMarkdown(each)}`;
      const names = settingsOf(each).map(code).join(', ');
      return `${title}: ${names}, in [${heading}](#${anchorOf(heading)}).`;
    });
    return `${start(undefined)}\n\n${parts.join('\n\n')}\n\n${END}`;
  });
}
