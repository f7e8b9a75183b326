import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The shape of the code, checked: dependency arrows between packages point down DESIGN.md's table,
// no module of the server reaches into another module's internals, and there are no import cycles.

const root = path.resolve(import.meta.dirname, '..');
const allowed: Record<string, string[]> = {
  core: [],
  engine: ['core'],
  server: ['core', 'engine'],
  portal: ['core'],
  cli: ['core', 'engine', 'server'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(['"]([^'"]+)['"]\)/gm)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

const files = Object.keys(allowed).flatMap((pkg) => sourceFiles(path.join(root, 'packages', pkg, 'src')));

describe('architecture', () => {
  it('packages import only what DESIGN.md allows', () => {
    const violations: string[] = [];
    for (const file of files) {
      const pkg = path.relative(path.join(root, 'packages'), file).split(path.sep)[0]!;
      for (const spec of importsOf(file)) {
        const target = /^@shuyun\/([a-z]+)/.exec(spec)?.[1];
        if (target && target !== pkg && !allowed[pkg]!.includes(target)) violations.push(`${path.relative(root, file)} imports @shuyun/${target}`);
        if (spec.startsWith('.') && !path.resolve(path.dirname(file), spec).startsWith(path.join(root, 'packages', pkg))) violations.push(`${path.relative(root, file)} reaches outside its package: ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("no server module imports another module's internals, only its index.ts", () => {
    const modulesDir = path.join(root, 'packages/server/src/modules');
    const violations: string[] = [];
    for (const file of files.filter((f) => f.startsWith(modulesDir))) {
      const own = path.relative(modulesDir, file).split(path.sep)[0];
      for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
        const resolved = path.resolve(path.dirname(file), spec);
        if (!resolved.startsWith(modulesDir)) continue;
        const [other, ...rest] = path.relative(modulesDir, resolved).split(path.sep);
        if (other !== own && rest.join('/') !== 'index.ts') violations.push(`${path.relative(root, file)} → ${spec}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('there are no import cycles', () => {
    const graph = new Map<string, string[]>();
    for (const file of files) {
      graph.set(file, importsOf(file).filter((s) => s.startsWith('.')).map((s) => path.resolve(path.dirname(file), s)).filter((f) => graph.has(f) || files.includes(f)));
    }
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (node: string, trail: string[]) => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'visiting') {
        cycles.push([...trail.slice(trail.indexOf(node)), node].map((f) => path.relative(root, f)).join(' → '));
        return;
      }
      state.set(node, 'visiting');
      for (const next of graph.get(node) ?? []) visit(next, [...trail, node]);
      state.set(node, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
