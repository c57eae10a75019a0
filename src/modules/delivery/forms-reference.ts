// Reads the shipped example form definitions in data/delivery/forms (see data/delivery/README.md)
// and checks each with `parseFormDefinition`. An invalid file fails loudly, naming the file and
// every problem; the product never reads outside the project.
import fs from 'node:fs';
import path from 'node:path';
import { parseFormDefinition, type FormDefinition } from './forms.ts';

export const formsDirectory = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../data/delivery/forms');

/** Every `*.json` in `directory`, parsed and checked, sorted by id. Throws on a bad file, or on a file not named after its form id (so ids are unique). */
export function loadFormDefinitions(directory: string = formsDirectory): FormDefinition[] {
  const files = fs
    .readdirSync(directory)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const definitions: FormDefinition[] = [];
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(path.join(directory, file), 'utf8'));
    } catch (e) {
      throw new Error(`data/delivery/forms/${file} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    const result = parseFormDefinition(json);
    if (!result.ok) throw new Error(`data/delivery/forms/${file} is invalid:\n  ${result.errors.join('\n  ')}`);
    if (`${result.definition.id}.json` !== file)
      throw new Error(`data/delivery/forms/${file} holds form "${result.definition.id}"; name the file after its id`);
    definitions.push(result.definition);
  }
  return definitions.sort((a, b) => a.id.localeCompare(b.id));
}

let cached: FormDefinition[] | undefined;

/** The shipped example forms (read and checked once). */
export function shippedForms(): readonly FormDefinition[] {
  cached ??= loadFormDefinitions();
  return cached;
}
