/**
 * Network declarations to symbols: the layer as written (`Sequential(Linear(Z -> 1568), relu, …)`) to a
 * {@link LayerSpec} of the network registry with its sizes evaluated and its options typed and defaulted.
 * Everything a layer accepts is read from its registry row (positional form, option names and types).
 *
 * Verbs: `resolve*` turn a declaration into a symbol and report what is wrong with it.
 */
import type { DiagnosticBag } from '../common/diagnostic.js';
import { activationsFor, LAYER_KINDS, layerRow, lookupLayer, type LayerSpec } from '../registry/networks.js';
import type { Expr, NetArg, NetDecl, NetLayer, NetOption, NetValue } from '../syntax/ast.js';
import type { NetSymbol } from './checked-model.js';
import { duplicateNetOption, invalidLayerArguments, missingNetOption, unknownActivation, unknownNetArchitecture, unknownNetOption, wrongLayerCount } from './messages.js';
import { suggest } from './scope.js';
import type { IntegerEvaluator } from './sizes.js';

/** Resolves a network declaration into a symbol, or returns undefined after reporting. */
export function resolveNet(decl: NetDecl, ints: IntegerEvaluator, bag: DiagnosticBag): NetSymbol | undefined {
  const spec = resolveLayer(decl.layer, ints, bag);
  if (spec === undefined) return undefined;
  return { kind: 'net', name: decl.name.name, spec, decl, span: decl.name.span };
}

/** A bare name in a layer position (`relu`, `Flatten`) as a layer with no arguments. */
function asLayer(v: NetValue): NetLayer | undefined {
  if (v.kind === 'layer') return v;
  return v.expr.kind === 'name' ? { kind: 'layer', name: { name: v.expr.name, span: v.expr.span }, args: [], span: v.expr.span } : undefined;
}

function resolveLayer(layer: NetLayer, ints: IntegerEvaluator, bag: DiagnosticBag): LayerSpec | undefined {
  const name = layer.name.name;
  const kind = lookupLayer(name);
  if (kind === undefined) {
    const layers = LAYER_KINDS.filter((k) => layerRow(k).activation === undefined);
    bag.add(unknownNetArchitecture(layer.name.span, name, suggest(name, LAYER_KINDS), layers));
    return undefined;
  }
  const row = layerRow(kind);
  const chains = layer.args.filter((a): a is Extract<NetArg, { kind: 'chain' }> => a.kind === 'chain');
  const options = layer.args.filter((a): a is NetOption => a.kind === 'option');
  let ok = true;
  let sizes: (number | undefined)[] = [];
  let layers: (LayerSpec | undefined)[] | undefined;
  const size = (v: NetValue): number | undefined => {
    if (v.kind === 'expr') return ints.evaluate(v.expr, 'size');
    bag.add(invalidLayerArguments(v.span, `\`${name}\` takes sizes here, not a layer`, `write \`${printForm(kind)}\``));
    return undefined;
  };
  const pos = row.positional;
  switch (pos.form) {
    case 'none':
      if (layer.args.length > 0) {
        bag.add(invalidLayerArguments(layer.span, `\`${name}\` takes no arguments`, `write \`${name}\``));
        ok = false;
      }
      break;
    case 'chain': {
      const items = chains.flatMap((c) => c.items);
      if (chains.length !== 1 || items.length < pos.min || (pos.max !== undefined && items.length > pos.max)) {
        const expected = pos.max === pos.min ? `exactly ${pos.min} sizes (\`in -> out\`)` : `at least ${pos.min} sizes (\`in -> … -> out\`)`;
        bag.add(wrongLayerCount(layer.name.span, name, expected, items.length));
        ok = false;
      }
      sizes = items.map(size);
      break;
    }
    case 'sizes':
      for (const c of chains) {
        if (c.items.length > 1) {
          bag.add(invalidLayerArguments(c.span, `\`${name}\` takes sizes separated by commas, not \`->\``, `write \`${printForm(kind)}\``));
          ok = false;
        }
      }
      sizes = chains.flatMap((c) => c.items).map(size);
      if (sizes.length < pos.min) {
        bag.add(wrongLayerCount(layer.name.span, name, `at least ${pos.min} size`, sizes.length));
        ok = false;
      }
      break;
    case 'layers':
      layers = chains.map((c) => {
        const l = c.items.length === 1 ? asLayer(c.items[0] as NetValue) : undefined;
        if (l === undefined) {
          bag.add(invalidLayerArguments(c.span, `every argument of \`${name}\` is a layer (\`Linear(a -> b)\`, \`relu\`, …)`, 'separate layers with commas'));
          return undefined;
        }
        return resolveLayer(l, ints, bag);
      });
      if (layers.length < pos.min) {
        bag.add(wrongLayerCount(layer.name.span, name, `at least ${pos.min} layer`, layers.length));
        ok = false;
      }
      break;
  }
  const values: Record<string, number | string> = {};
  const seen = new Map<string, NetOption>();
  const allowed = Object.keys(row.options);
  for (const opt of options) {
    const key = opt.name.name;
    const spec = row.options[key];
    if (spec === undefined) {
      bag.add(unknownNetOption(opt.name.span, key, name, allowed));
      ok = false;
      continue;
    }
    const first = seen.get(key);
    if (first !== undefined) {
      bag.add(duplicateNetOption(opt.name.span, key, first.name.span));
      ok = false;
      continue;
    }
    seen.set(key, opt);
    const v = opt.value;
    if (spec.type === 'hidden' || spec.type === 'out') {
      const choices = activationsFor(spec.type);
      const word = v.kind === 'expr' && v.expr.kind === 'name' ? v.expr.name : undefined;
      if (word === undefined || !(choices as string[]).includes(word)) {
        bag.add(unknownActivation(v.span, key, word ?? 'this value', choices, word === undefined ? undefined : suggest(word, choices)));
        ok = false;
        continue;
      }
      values[key] = word;
    } else if (spec.type === 'word') {
      const choices = spec.choices ?? [];
      const word = v.kind === 'expr' && v.expr.kind === 'name' ? v.expr.name : undefined;
      if (word === undefined || !choices.includes(word)) {
        bag.add(invalidLayerArguments(v.span, `\`${key}\` of \`${name}\` is one of ${choices.map((c) => `\`${c}\``).join(', ')}`, `write \`${key} = ${choices[0] ?? ''}\``));
        ok = false;
        continue;
      }
      values[key] = word;
    } else {
      const n = v.kind === 'expr' ? ints.evaluate(v.expr, spec.type === 'size' ? 'size' : 'index') : size(v);
      if (n === undefined) ok = false;
      else values[key] = n;
    }
  }
  for (const [key, spec] of Object.entries(row.options)) {
    if (values[key] !== undefined) continue;
    if (spec.default === undefined) {
      bag.add(missingNetOption(layer.name.span, name, key));
      ok = false;
    } else values[key] = spec.default;
  }
  if (!ok || sizes.some((s) => s === undefined) || layers?.some((l) => l === undefined)) return undefined;
  return { kind, sizes: sizes as number[], options: values, ...(layers !== undefined ? { layers: layers as LayerSpec[] } : {}) };
}

/** Every value expression written inside a layer's arguments (sizes and integer options), in source order. */
export function layerExpressions(layer: NetLayer): Expr[] {
  const out: Expr[] = [];
  const value = (v: NetValue): void => {
    if (v.kind === 'layer') out.push(...layerExpressions(v));
    // A bare layer or activation name (`relu`, `Flatten`) is a word of the registry, not a value.
    else if (!(v.expr.kind === 'name' && lookupLayer(v.expr.name) !== undefined)) out.push(v.expr);
  };
  const kind = lookupLayer(layer.name.name);
  for (const a of layer.args) {
    if (a.kind === 'chain') a.items.forEach(value);
    // A `word` option's value (`order = reversed`) is a word of its row, not a value.
    else if (!(kind !== undefined && layerRow(kind).options[a.name.name]?.type === 'word')) value(a.value);
  }
  return out;
}

function printForm(kind: string): string {
  const row = layerRow(kind as never);
  if (row.positional.form === 'sizes') return `${kind}(d1, d2, …)`;
  if (row.positional.form === 'chain') return `${kind}(in -> out)`;
  return kind;
}
