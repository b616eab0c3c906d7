// Key-by-key checks of wire JSON against the zod schemas of OpenRouter's official TypeScript SDK.
//
// zod's own parse is lenient in three ways that would hide a sandbox or adapter bug: objects drop
// unknown keys silently, the SDK's "open" enums accept any string, and its discriminated unions turn
// a variant that does not parse into an "UNKNOWN" placeholder instead of failing. So this walks the
// schema's definition beside the value and reports, with a path, every missing required key, every
// key the schema does not define, every value of the wrong type and every enum value the schema does
// not name. Leaves (strings, numbers, enums, literals) are checked by zod itself.
//
// The SDK's schemas come in two directions, and both are checked on the wire's snake_case keys:
// "inbound" schemas (responses) are written in wire keys; "outbound" schemas (requests) are written
// in the SDK's camelCase keys and rename them in a transform, whose renaming is read back by
// running the transform on a probe object.
import * as models from "@openrouter/sdk/models";

const names = new Map();
for (const [name, value] of Object.entries(models)) {
  if (value && typeof value === "object" && value._zod) {
    names.set(value, name);
  }
}

/**
 * Checks `value` against `schema`.
 *
 * @param direction "inbound" for a response, "outbound" for a request
 * @param extras    keys the schema lacks that are accepted anyway, each {path: RegExp on the
 *                  normalised path of the object, key, why}; every use is reported in `tolerated`
 * @returns {{issues: {path, problem}[], tolerated: {path, key, why}[], covered: Set<string>}}
 */
export function check(schema, value, { direction = "inbound", extras = [], path = "" } = {}) {
  const context = { direction, extras, tolerated: [], covered: new Set() };
  const issues = walk(schema, value, path, context);
  return { issues, tolerated: context.tolerated, covered: context.covered };
}

/** Every field path the schema defines (array elements as `[]`), for fixture coverage. */
export function fieldPaths(schema, direction = "inbound") {
  const paths = new Set();
  collectPaths(schema, "", paths, [], direction);
  return paths;
}

/** The normalised form of a concrete path: `choices[0].message` becomes `choices[].message`. */
export function normalise(path) {
  return path.replace(/\[\d+\]/g, "[]");
}

function walk(schema, value, path, context) {
  const def = schema._zod.def;
  switch (def.type) {
    case "optional":
      return value === undefined ? [] : walk(def.innerType, value, path, context);
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
    case "nonoptional":
      return value === undefined && def.type !== "nonoptional" ? [] : walk(def.innerType, value, path, context);
    case "nullable":
      return value === null ? [] : walk(def.innerType, value, path, context);
    case "lazy":
      return walk(def.getter(), value, path, context);
    case "object":
      return walkObject(def.shape, null, value, path, context);
    case "pipe":
      return walkPipe(schema, value, path, context);
    case "array":
      if (!Array.isArray(value)) {
        return [issue(path, `expected an array, got ${describe(value)}`)];
      }
      return value.flatMap((element, index) => walk(def.element, element, `${path}[${index}]`, context));
    case "record":
      if (!isObject(value)) {
        return [issue(path, `expected an object, got ${describe(value)}`)];
      }
      return Object.entries(value).flatMap(([key, element]) =>
        walk(def.valueType, element, join(path, key), context));
    case "union":
      return walkUnion(def.options, value, path, context);
    case "intersection":
      return walkIntersection(def.left, def.right, value, path, context);
    default:
      return leaf(schema, value, path);
  }
}

function leaf(schema, value, path) {
  if (value === undefined) {
    return [issue(path, "is missing")];
  }
  const result = schema.safeParse(value);
  if (result.success) {
    return [];
  }
  return result.error.issues.map(problem =>
    issue(problem.path.reduce((at, key) => typeof key === "number" ? `${at}[${key}]` : join(at, key), path),
      `${problem.message} (got ${describe(value)})`));
}

/**
 * An object: `wireToShape` maps wire keys to the schema's keys (null: they are the same). Unknown
 * keys are issues unless an extra allows them; absent required keys are issues.
 */
function walkObject(shape, wireToShape, value, path, context) {
  if (!isObject(value)) {
    return [issue(path, `expected an object, got ${describe(value)}`)];
  }
  const shapeToWire = new Map();
  for (const key of Object.keys(shape)) {
    shapeToWire.set(key, key);
  }
  if (wireToShape) {
    for (const [wire, key] of wireToShape) {
      shapeToWire.set(key, wire);
    }
  }
  const issues = [];
  const normalised = normalise(path);
  for (const [wire, element] of Object.entries(value)) {
    const key = wireToShape ? wireToShape.get(wire) : wire;
    if (key === undefined || !(key in shape)) {
      const extra = context.extras.find(allowed => allowed.key === wire && allowed.path.test(normalised));
      if (extra) {
        context.tolerated.push({ path: join(path, wire), key: wire, why: extra.why });
      } else {
        issues.push({ path: join(path, wire), problem: "is not a field of OpenRouter's schema", unknownKey: wire, at: path });
      }
      continue;
    }
    context.covered.add(normalise(join(path, wire)));
    issues.push(...walk(shape[key], element, join(path, wire), context));
  }
  for (const [key, field] of Object.entries(shape)) {
    const wire = shapeToWire.get(key);
    if (!(wire in value) && !isOptional(field)) {
      issues.push(issue(join(path, wire), "is required but missing"));
    }
  }
  return issues;
}

function walkPipe(schema, value, path, context) {
  const def = schema._zod.def;
  const input = unwrapLazy(def.in);
  if (input._zod.def.type === "object") {
    const renaming = context.direction === "outbound" ? readRenaming(input, def.out) : null;
    return walkObject(input._zod.def.shape, renaming, value, path, context);
  }
  if (input._zod.def.type === "unknown") {
    const variants = discriminatedVariants(schema);
    if (variants) {
      return walkUnion(variants, value, path, context);
    }
    return [issue(path, `cannot be checked key by key (a transform over an unknown value, ${names.get(schema) ?? "unnamed"})`)];
  }
  if (context.direction === "outbound") {
    return [issue(path, "cannot be checked key by key (the SDK converts this value before sending it)")];
  }
  return walk(input, value, path, context);
}

/**
 * The wire-to-schema key renaming of an outbound object: its transform, run on an object whose
 * values are its own keys, answers with the wire keys mapped to the schema's keys.
 */
function readRenaming(objectSchema, out) {
  const shape = objectSchema._zod.def.shape;
  const probe = Object.fromEntries(Object.keys(shape).map(key => [key, key]));
  let renamed = probe;
  if (out && out._zod.def.type === "transform") {
    try {
      renamed = out._zod.def.transform(probe, { issues: [], addIssue() {} });
    } catch {
      renamed = probe;
    }
  }
  const wireToShape = new Map();
  for (const [wire, key] of Object.entries(renamed ?? {})) {
    if (typeof key === "string" && key in shape) {
      wireToShape.set(wire, key);
    }
  }
  return wireToShape;
}

/**
 * The variants of one of the SDK's forward-compatible discriminated unions (a transform over an
 * unknown value), found through the outbound schema of the same name, which is a plain union of
 * the variants' outbound schemas.
 */
function discriminatedVariants(schema) {
  const name = names.get(schema);
  if (!name || !name.endsWith("$inboundSchema")) {
    return null;
  }
  const outbound = models[name.replace(/\$inboundSchema$/, "$outboundSchema")];
  if (!outbound || outbound._zod.def.type !== "union") {
    return null;
  }
  if (!variantCache.has(schema)) {
    const variants = outbound._zod.def.options.map(inboundOf);
    variantCache.set(schema, variants.every(Boolean) ? variants : null);
  }
  return variantCache.get(schema);
}

const variantCache = new Map();

/** The inbound twin of an outbound variant: by name, or for `Named.and(object)` the named one's twin and the same object. */
function inboundOf(option) {
  const name = names.get(option);
  if (name) {
    return models[name.replace(/\$outboundSchema$/, "$inboundSchema")] ?? null;
  }
  const def = option._zod.def;
  if (def.type === "intersection") {
    const left = inboundOf(def.left);
    return left ? left.and(def.right) : null;
  }
  return def.type === "object" ? option : null;
}

function walkUnion(options, value, path, context) {
  const openEnum = openEnumValues(options);
  if (openEnum && typeof value === "string") {
    return openEnum.includes(value) ? [] : [issue(path,
      `"${value}" is not a value the schema names (${openEnum.map(v => JSON.stringify(v)).join(", ")})`)];
  }
  let best = null;
  for (const option of options) {
    const trial = { ...context, tolerated: [], covered: new Set() };
    const issues = walk(option, value, path, trial);
    if (issues.length === 0) {
      context.tolerated.push(...trial.tolerated);
      trial.covered.forEach(covered => context.covered.add(covered));
      return [];
    }
    if (!best || rank(issues) < rank(best)) {
      best = issues;
    }
  }
  if (best && best.length > 0) {
    return best.map(found => ({ ...found, problem: `${found.problem} (in the closest of ${options.length} alternatives)` }));
  }
  return [issue(path, `matches none of ${options.length} alternatives`)];
}

/** Fewer issues is closer; a wrong discriminating literal ("type", "role") counts as far. */
function rank(issues) {
  return issues.reduce((total, found) => total + (found.problem.includes("Invalid input: expected") ? 10 : 1), 0);
}

/** The named values of an SDK "open enum" (literals, then any string); null for other unions. */
function openEnumValues(options) {
  const values = [];
  let anyString = false;
  for (const option of options) {
    const def = option._zod.def;
    if (def.type === "literal") {
      values.push(...def.values);
    } else if (def.type === "enum") {
      values.push(...Object.values(def.entries));
    } else if (def.type === "pipe" && unwrapLazy(def.in)._zod.def.type === "string") {
      anyString = true;
    } else {
      return null;
    }
  }
  return anyString && values.length > 0 ? values : null;
}

function walkIntersection(left, right, value, path, context) {
  const leftKeys = topLevelKeys(left, context.direction);
  const rightKeys = topLevelKeys(right, context.direction);
  const keep = otherKeys => found => !(found.unknownKey !== undefined && found.at === path && otherKeys.has(found.unknownKey));
  return [
    ...walk(left, value, path, context).filter(keep(rightKeys)),
    ...walk(right, value, path, context).filter(keep(leftKeys)),
  ];
}

function topLevelKeys(schema, direction) {
  const def = schema._zod.def;
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
      return topLevelKeys(def.innerType, direction);
    case "lazy":
      return topLevelKeys(def.getter(), direction);
    case "object":
      return new Set(Object.keys(def.shape));
    case "pipe": {
      const input = unwrapLazy(def.in);
      if (input._zod.def.type !== "object") {
        return new Set();
      }
      return direction === "outbound" ? new Set(readRenaming(input, def.out).keys()) : new Set(Object.keys(input._zod.def.shape));
    }
    case "union":
      return new Set(def.options.flatMap(option => [...topLevelKeys(option, direction)]));
    case "intersection":
      return new Set([...topLevelKeys(def.left, direction), ...topLevelKeys(def.right, direction)]);
    default:
      return new Set();
  }
}

function collectPaths(schema, path, paths, stack, direction) {
  if (stack.includes(schema) || stack.length > 40) {
    return;
  }
  const next = [...stack, schema];
  const def = schema._zod.def;
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
      return collectPaths(def.innerType, path, paths, next, direction);
    case "lazy":
      return collectPaths(def.getter(), path, paths, next, direction);
    case "array":
      return collectPaths(def.element, `${path}[]`, paths, next, direction);
    case "union":
      if (openEnumValues(def.options)) {
        return;
      }
      return def.options.forEach(option => collectPaths(option, path, paths, next, direction));
    case "intersection":
      collectPaths(def.left, path, paths, next, direction);
      return collectPaths(def.right, path, paths, next, direction);
    case "object":
      for (const [key, field] of Object.entries(def.shape)) {
        paths.add(join(path, key));
        collectPaths(field, join(path, key), paths, next, direction);
      }
      return;
    case "pipe": {
      const input = unwrapLazy(def.in);
      if (input._zod.def.type === "object") {
        return collectPaths(input, path, paths, next, direction);
      }
      const variants = input._zod.def.type === "unknown" ? discriminatedVariants(schema) : null;
      if (variants) {
        variants.forEach(variant => collectPaths(variant, path, paths, next, direction));
      }
      return;
    }
    default:
      return;
  }
}

function unwrapLazy(schema) {
  return schema._zod.def.type === "lazy" ? unwrapLazy(schema._zod.def.getter()) : schema;
}

function isOptional(field) {
  return field._zod.optin === "optional";
}

function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function join(path, key) {
  return path === "" ? key : `${path}.${key}`;
}

function issue(path, problem) {
  return { path: path === "" ? "(root)" : path, problem };
}

function describe(value) {
  if (value === undefined) {
    return "nothing";
  }
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * A value that has every field the schema defines: each optional field present and not null, the
 * richest alternative of a union, and one array element per variant of a discriminated union.
 * Strings are their field's name: a skeleton for a fixture, to be given realistic values.
 */
export function example(schema, key = "value", direction = "inbound", stack = []) {
  if (stack.filter(seen => seen === schema).length > 1) {
    return undefined;
  }
  const next = [...stack, schema];
  const def = schema._zod.def;
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
      return example(def.innerType, key, direction, next);
    case "lazy":
      return example(def.getter(), key, direction, next);
    case "object":
      return Object.fromEntries(Object.entries(def.shape)
        .map(([field, value]) => [field, example(value, field, direction, next)])
        .filter(([, value]) => value !== undefined));
    case "pipe": {
      const input = unwrapLazy(def.in);
      if (input._zod.def.type === "object") {
        return example(input, key, direction, next);
      }
      const variants = input._zod.def.type === "unknown" ? discriminatedVariants(schema) : null;
      return variants ? example(richest(variants, direction), key, direction, next) : example(input, key, direction, next);
    }
    case "array": {
      const element = unwrapLazy(def.element);
      const variants = variantsOf(element);
      if (variants) {
        return variants.map(variant => example(variant, key, direction, next)).filter(value => value !== undefined);
      }
      const value = example(def.element, key, direction, next);
      return value === undefined ? [] : [value];
    }
    case "record":
      return { [`${key}_key`]: example(def.valueType, key, direction, next) };
    case "union": {
      const values = openEnumValues(def.options);
      return values ? values[0] : example(richest(def.options, direction), key, direction, next);
    }
    case "intersection":
      return { ...example(def.left, key, direction, next), ...example(def.right, key, direction, next) };
    case "enum":
      return Object.values(def.entries)[0];
    case "literal":
      return def.values[0];
    case "string":
      return key;
    case "number":
      return 1;
    case "boolean":
      return true;
    default:
      return {};
  }
}

function variantsOf(schema) {
  const def = schema._zod.def;
  if (def.type === "pipe" && unwrapLazy(def.in)._zod.def.type === "unknown") {
    return discriminatedVariants(schema);
  }
  if (def.type === "union" && !openEnumValues(def.options) && def.options.length > 1
      && def.options.every(option => topLevelKeys(option, "inbound").size > 0)) {
    return def.options;
  }
  return null;
}

function richest(options, direction) {
  return options.reduce((best, option) =>
    fieldPaths(option, direction).size > fieldPaths(best, direction).size ? option : best);
}
