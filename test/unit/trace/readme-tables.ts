// Reads the field tables of src/trace/README.md: each follows a `<!-- fields: NAME -->` marker.

export interface ReadmeRow {
  field: string;
  type: string;
  unit: string;
  required: string;
}

export function parseReadmeTables(markdown: string): Map<string, ReadmeRow[]> {
  const tables = new Map<string, ReadmeRow[]>();
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const marker = /^<!-- fields: (\S+) -->$/.exec(lines[i]!.trim());
    if (!marker) continue;
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() === '') j++;
    const rows: ReadmeRow[] = [];
    // Skip the header row and the --- separator row.
    for (j += 2; j < lines.length && lines[j]!.trim().startsWith('|'); j++) {
      const cells = lines[j]!.trim()
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim());
      rows.push({ field: cells[0]!.replace(/`/g, ''), type: cells[1]!, unit: cells[2]!, required: cells[3]! });
    }
    tables.set(marker[1]!, rows);
  }
  return tables;
}
