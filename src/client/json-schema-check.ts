/** A JSON Schema (draft 2020-12) as plain data. */
export type JsonSchema = Record<string, unknown>;

type ValidatorModule = typeof import('@cfworker/json-schema');
let validatorModule: Promise<ValidatorModule> | undefined;

/**
 * Validates `value` against `schema`; returns readable problems, none when valid. The validator is loaded on
 * first use only, so the core entry stays small for callers who never validate.
 */
export async function checkJsonSchema(schema: JsonSchema, value: unknown): Promise<string[]> {
  validatorModule ??= import('@cfworker/json-schema');
  const { Validator } = await validatorModule;
  const result = new Validator(schema as ConstructorParameters<ValidatorModule['Validator']>[0], '2020-12', false).validate(value);
  if (result.valid) return [];
  // The innermost failures say what is wrong; the wrappers above them ("does not match schema") do not.
  const leaves = result.errors.filter((e) => !/^(properties|items|allOf|anyOf|oneOf|\$ref|prefixItems|additionalProperties)$/.test(e.keyword) || e.keyword === 'additionalProperties');
  const chosen = (leaves.length > 0 ? leaves : result.errors).slice(0, 8);
  return chosen.map((e) => `${e.instanceLocation === '#' ? 'value' : e.instanceLocation.replace(/^#/, '')}: ${e.error}`);
}
