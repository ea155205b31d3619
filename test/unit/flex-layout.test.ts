// Differential test of berth's flexbox (source/ui/flex-layout.ts) against Yoga, which it replaces
// under Ink. Both engines replay the same script of calls (the calls Ink makes: create nodes,
// set styles, insert and remove children, measure texts, lay out) and must agree on every
// computed left, top, width, height, padding and border, after a first layout and after each
// re-layout that follows changes. Scripts come from seeded generators so a failure replays
// exactly; a failing script is shrunk before it is reported.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import Yoga from 'yoga-layout';
import Flex from '../../source/ui/flex-layout.js';
import {random} from '../support/random-text.js';

// The constants Ink uses, which the two engines must define with the same values.
const CONSTANTS = [
	'EDGE_LEFT',
	'EDGE_TOP',
	'EDGE_RIGHT',
	'EDGE_BOTTOM',
	'EDGE_START',
	'EDGE_END',
	'EDGE_HORIZONTAL',
	'EDGE_VERTICAL',
	'EDGE_ALL',
	'FLEX_DIRECTION_COLUMN',
	'FLEX_DIRECTION_ROW',
	'ALIGN_AUTO',
	'ALIGN_FLEX_START',
	'ALIGN_CENTER',
	'ALIGN_FLEX_END',
	'ALIGN_STRETCH',
	'JUSTIFY_FLEX_START',
	'JUSTIFY_CENTER',
	'JUSTIFY_FLEX_END',
	'JUSTIFY_SPACE_BETWEEN',
	'JUSTIFY_SPACE_AROUND',
	'JUSTIFY_SPACE_EVENLY',
	'DISPLAY_FLEX',
	'DISPLAY_NONE',
	'GUTTER_COLUMN',
	'GUTTER_ROW',
	'GUTTER_ALL',
	'WRAP_NO_WRAP',
	'POSITION_TYPE_RELATIVE',
	'DIRECTION_LTR',
	'MEASURE_MODE_UNDEFINED',
	'MEASURE_MODE_EXACTLY',
	'MEASURE_MODE_AT_MOST',
] as const;
type ConstName = (typeof CONSTANTS)[number];

type MeasureFunc = (width: number, widthMode: number, height: number, heightMode: number) => {width: number; height: number};

// The style setters a script may call; each takes numbers (edge or gutter first where it has one).
type Setter =
	| 'setFlexDirection'
	| 'setFlexGrow'
	| 'setFlexShrink'
	| 'setFlexBasis'
	| 'setFlexBasisPercent'
	| 'setFlexBasisAuto'
	| 'setFlexWrap'
	| 'setWidth'
	| 'setWidthPercent'
	| 'setWidthAuto'
	| 'setHeight'
	| 'setHeightPercent'
	| 'setHeightAuto'
	| 'setMinWidth'
	| 'setMinWidthPercent'
	| 'setMinHeight'
	| 'setMinHeightPercent'
	| 'setPadding'
	| 'setMargin'
	| 'setBorder'
	| 'setGap'
	| 'setAlignItems'
	| 'setAlignSelf'
	| 'setJustifyContent'
	| 'setDisplay'
	| 'setPositionType';

/** The part of a Yoga node that Ink uses, which both engines' nodes must have. */
interface LayoutNode {
	insertChild(child: LayoutNode, index: number): void;
	removeChild(child: LayoutNode): void;
	getChildCount(): number;
	setMeasureFunc(measure: MeasureFunc): void;
	unsetMeasureFunc(): void;
	markDirty(): void;
	freeRecursive(): void;
	free(): void;
	calculateLayout(width: number | undefined, height: number | undefined, direction: number): void;
	getComputedLeft(): number;
	getComputedTop(): number;
	getComputedWidth(): number;
	getComputedHeight(): number;
	getComputedPadding(edge: number): number;
	getComputedBorder(edge: number): number;
	getDisplay(): number;
	setFlexDirection(direction: number): void;
	setFlexGrow(grow: number): void;
	setFlexShrink(shrink: number): void;
	setFlexBasis(basis: number): void;
	setFlexBasisPercent(basis: number): void;
	setFlexBasisAuto(): void;
	setFlexWrap(wrap: number): void;
	setWidth(width: number): void;
	setWidthPercent(width: number): void;
	setWidthAuto(): void;
	setHeight(height: number): void;
	setHeightPercent(height: number): void;
	setHeightAuto(): void;
	setMinWidth(width: number): void;
	setMinWidthPercent(width: number): void;
	setMinHeight(height: number): void;
	setMinHeightPercent(height: number): void;
	setPadding(edge: number, padding: number): void;
	setMargin(edge: number, margin: number): void;
	setBorder(edge: number, border: number): void;
	setGap(gutter: number, gap: number): void;
	setAlignItems(align: number): void;
	setAlignSelf(align: number): void;
	setJustifyContent(justify: number): void;
	setDisplay(display: number): void;
	setPositionType(position: number): void;
}

type Engine = {readonly [K in ConstName]: number} & {readonly Node: {create(): LayoutNode}};

const yoga: Engine = Yoga;
const flex: Engine = Flex;

// A script: the calls Ink makes, on nodes named by number (node 0 is the root). Constants are
// named, so each engine gets its own value of them.
type Arg = number | ConstName;
type Op =
	| {op: 'create'; id: number; text?: readonly number[]} // Node.create(), and a measure function for a text
	| {op: 'set'; id: number; method: Setter; args: readonly Arg[]}
	| {op: 'insert'; parent: number; child: number; index: number}
	| {op: 'remove'; parent: number; child: number} // as Ink: removeChild, unsetMeasureFunc, freeRecursive
	| {op: 'text'; id: number; text: readonly number[]} // the text changed: new line lengths, markDirty()
	| {op: 'layout'}; // root.calculateLayout(undefined, undefined, DIRECTION_LTR), then compare

/**
 * Ink's measure function for a text of lines of the given lengths (Ink's measureTextNode): the
 * natural size where the width is unconstrained or the text fits; the natural size too for a
 * width under 1 column, as Ink answers Yoga's probe of a shrunk-away node; else wrapped at that
 * many whole columns.
 */
function measureText(lines: readonly number[], width: number, widthMode: number, undefinedMode: number): {width: number; height: number} {
	const widest = Math.max(0, ...lines);
	// Ink measures '' as 0 x 0, but an empty line among others still takes a row.
	const natural = {width: widest, height: lines.length === 1 && widest === 0 ? 0 : lines.length};
	if (widthMode === undefinedMode || Number.isNaN(width) || widest <= width || width < 1) {
		return natural;
	}
	const columns = Math.max(1, Math.floor(width));
	let wrappedWidth = 0;
	let rows = 0;
	for (const length of lines) {
		wrappedWidth = Math.max(wrappedWidth, Math.min(length, columns));
		rows += Math.max(1, Math.ceil(length / columns));
	}
	return {width: wrappedWidth, height: rows};
}

const PROPERTIES = [
	'left',
	'top',
	'width',
	'height',
	'paddingLeft',
	'paddingTop',
	'paddingRight',
	'paddingBottom',
	'borderLeft',
	'borderTop',
	'borderRight',
	'borderBottom',
	'display',
	'childCount',
] as const;
type Property = (typeof PROPERTIES)[number];

interface Row {
	id: number;
	path: string;
	values: Record<Property, number>;
}

interface Run {
	layouts: Row[][];
	error?: {at: number; message: string};
}

function read(engine: Engine, node: LayoutNode): Record<Property, number> {
	return {
		left: node.getComputedLeft(),
		top: node.getComputedTop(),
		width: node.getComputedWidth(),
		height: node.getComputedHeight(),
		paddingLeft: node.getComputedPadding(engine.EDGE_LEFT),
		paddingTop: node.getComputedPadding(engine.EDGE_TOP),
		paddingRight: node.getComputedPadding(engine.EDGE_RIGHT),
		paddingBottom: node.getComputedPadding(engine.EDGE_BOTTOM),
		borderLeft: node.getComputedBorder(engine.EDGE_LEFT),
		borderTop: node.getComputedBorder(engine.EDGE_TOP),
		borderRight: node.getComputedBorder(engine.EDGE_RIGHT),
		borderBottom: node.getComputedBorder(engine.EDGE_BOTTOM),
		display: node.getDisplay(),
		childCount: node.getChildCount(),
	};
}

/**
 * Replays a script on one engine and reads every node after each layout. The script keeps its
 * own record of the tree, to walk it (the interface has no getChild) and to pass over a call Yoga
 * would abort on (a call a shrunk script can hold: a child inserted twice, markDirty on a node
 * without a measure function), identically for both engines. All nodes are freed at the end.
 */
function run(engine: Engine, ops: readonly Op[]): Run {
	const nodes = new Map<number, LayoutNode>();
	const texts = new Map<number, readonly number[]>();
	const children = new Map<number, number[]>();
	const parents = new Map<number, number>();
	const layouts: Row[][] = [];
	const value = (arg: Arg): number => (typeof arg === 'number' ? arg : engine[arg]);
	const within = (id: number, ancestor: number): boolean => {
		for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
			if (at === ancestor) {
				return true;
			}
		}
		return false;
	};
	const forget = (id: number): void => {
		for (const child of children.get(id) ?? []) {
			forget(child);
		}
		nodes.delete(id);
		texts.delete(id);
		children.delete(id);
		parents.delete(id);
	};
	const walk = (id: number, path: string, rows: Row[]): void => {
		rows.push({id, path, values: read(engine, nodes.get(id)!)});
		for (const [index, child] of (children.get(id) ?? []).entries()) {
			walk(child, `${path}/${index}`, rows);
		}
	};
	let at = 0;
	try {
		for (; at < ops.length; at++) {
			const op = ops[at]!;
			switch (op.op) {
				case 'create': {
					const node = engine.Node.create();
					nodes.set(op.id, node);
					children.set(op.id, []);
					if (op.text) {
						const id = op.id;
						texts.set(id, op.text);
						node.setMeasureFunc((width, widthMode) => measureText(texts.get(id) ?? [], width, widthMode, engine.MEASURE_MODE_UNDEFINED));
					}
					break;
				}
				case 'set': {
					const node = nodes.get(op.id);
					if (node) {
						(node[op.method] as (...args: number[]) => void).apply(node, op.args.map(value));
					}
					break;
				}
				case 'insert': {
					const parent = nodes.get(op.parent);
					const child = nodes.get(op.child);
					const siblings = children.get(op.parent);
					if (parent && child && siblings && !parents.has(op.child) && !texts.has(op.parent) && !within(op.parent, op.child)) {
						const index = Math.min(op.index, siblings.length);
						parent.insertChild(child, index);
						siblings.splice(index, 0, op.child);
						parents.set(op.child, op.parent);
					}
					break;
				}
				case 'remove': {
					const parent = nodes.get(op.parent);
					const child = nodes.get(op.child);
					if (parent && child && parents.get(op.child) === op.parent) {
						parent.removeChild(child);
						child.unsetMeasureFunc();
						child.freeRecursive();
						const siblings = children.get(op.parent)!;
						siblings.splice(siblings.indexOf(op.child), 1);
						forget(op.child);
					}
					break;
				}
				case 'text': {
					const node = nodes.get(op.id);
					if (node && texts.has(op.id)) {
						texts.set(op.id, op.text);
						node.markDirty();
					}
					break;
				}
				case 'layout': {
					const root = nodes.get(0);
					if (root) {
						root.calculateLayout(undefined, undefined, engine.DIRECTION_LTR);
						const rows: Row[] = [];
						walk(0, 'root', rows);
						layouts.push(rows);
					}
					break;
				}
			}
		}
		return {layouts};
	} catch (error) {
		return {layouts, error: {at, message: error instanceof Error ? error.message : String(error)}};
	} finally {
		for (const [id, node] of nodes) {
			if (!parents.has(id)) {
				try {
					node.freeRecursive();
				} catch {
					// An engine that threw above may not free cleanly either; that was reported.
				}
			}
		}
	}
}

interface Difference {
	id: number;
	path: string;
	property: Property;
	yoga: number;
	flex: number;
}

type Outcome = {ok: true} | {ok: false; layout: number; summary: string; differences: Difference[]};

// Equal as Ink reads them: -0 is 0, and NaN (no value) is NaN.
const same = (a: number, b: number): boolean => a === b || (Number.isNaN(a) && Number.isNaN(b));

/**
 * Replays the script on both engines and compares them, layout after layout. A re-layout is
 * compared with Yoga's re-layout, not with Yoga laying the changed tree out afresh: the two
 * sometimes differ (Yoga keeps some results of the layout before, a text measured at an older
 * width, a rounding), and Ink shows Yoga's re-layout.
 */
function compare(ops: readonly Op[]): Outcome {
	const yogaRun = run(yoga, ops);
	if (yogaRun.error) {
		// A script Yoga refuses is a bug of this test, not of the engine under test.
		throw new Error(`Yoga threw at call ${yogaRun.error.at}: ${yogaRun.error.message}\n${describe(ops)}`);
	}
	const expected = yogaRun.layouts;
	const actual = run(flex, ops);
	for (const [layout, rows] of expected.entries()) {
		const other = actual.layouts[layout];
		if (!other) {
			const error = actual.error;
			return {
				ok: false,
				layout,
				summary: error ? `Flex threw at call ${error.at} (${describeOp(ops[error.at]!)}): ${error.message}` : `Flex made no layout #${layout}`,
				differences: [],
			};
		}
		const differences: Difference[] = [];
		for (const [index, row] of rows.entries()) {
			const mirror = other[index]!;
			for (const property of PROPERTIES) {
				if (!same(row.values[property], mirror.values[property])) {
					differences.push({id: row.id, path: row.path, property, yoga: row.values[property], flex: mirror.values[property]});
				}
			}
		}
		if (differences.length > 0) {
			return {ok: false, layout, summary: `layout #${layout} differs from Yoga's`, differences};
		}
	}
	if (actual.error) {
		return {ok: false, layout: expected.length, summary: `Flex threw at call ${actual.error.at}: ${actual.error.message}`, differences: []};
	}
	return {ok: true};
}

function describeArg(arg: Arg): string {
	return typeof arg === 'number' ? String(arg) : arg;
}

function describeOp(op: Op): string {
	switch (op.op) {
		case 'create':
			return op.text ? `n${op.id} = Node.create(); n${op.id}.setMeasureFunc(text of lines [${op.text.join(', ')}])` : `n${op.id} = Node.create()`;
		case 'set':
			return `n${op.id}.${op.method}(${op.args.map(describeArg).join(', ')})`;
		case 'insert':
			return `n${op.parent}.insertChild(n${op.child}, ${op.index})`;
		case 'remove':
			return `n${op.parent}.removeChild(n${op.child}); n${op.child}.unsetMeasureFunc(); n${op.child}.freeRecursive()`;
		case 'text':
			return `text of n${op.id} = lines [${op.text.join(', ')}]; n${op.id}.markDirty()`;
		case 'layout':
			return 'n0.calculateLayout(undefined, undefined, DIRECTION_LTR)';
	}
}

/** The script as code, each call indented by the depth of its node, layouts numbered. */
function describe(ops: readonly Op[]): string {
	const parents = new Map<number, number>();
	for (const op of ops) {
		if (op.op === 'insert') {
			parents.set(op.child, op.parent);
		}
	}
	const depth = (id: number): number => {
		let levels = 0;
		for (let at = parents.get(id); at !== undefined && levels < 50; at = parents.get(at)) {
			levels++;
		}
		return levels;
	};
	let layouts = 0;
	return ops
		.map(op => {
			const node = op.op === 'layout' ? 0 : op.op === 'insert' || op.op === 'remove' ? op.child : op.id;
			const note = op.op === 'layout' ? `  // layout #${layouts++}` : '';
			return `${'  '.repeat(depth(node))}${describeOp(op)}${note}`;
		})
		.join('\n');
}

function describeOutcome(outcome: Outcome): string {
	if (outcome.ok) {
		return 'same';
	}
	const lines = outcome.differences.slice(0, 12).map(d => `  n${d.id} at ${d.path}: ${d.property} Yoga ${d.yoga}, Flex ${d.flex}`);
	if (outcome.differences.length > 12) {
		lines.push(`  ... and ${outcome.differences.length - 12} more`);
	}
	return [outcome.summary, ...lines].join('\n');
}

// Shrinking: drop nodes, then single calls, then make numbers and texts smaller, for as long
// as the script still fails; a failure is then reported as a few calls.

function withoutNode(ops: readonly Op[], id: number): Op[] {
	// The node, and whatever was ever inserted under it.
	const gone = new Set([id]);
	for (let grew = true; grew; ) {
		grew = false;
		for (const op of ops) {
			if (op.op === 'insert' && gone.has(op.parent) && !gone.has(op.child)) {
				gone.add(op.child);
				grew = true;
			}
		}
	}
	return ops.filter(op => {
		switch (op.op) {
			case 'create':
			case 'set':
			case 'text':
				return !gone.has(op.id);
			case 'insert':
			case 'remove':
				return !gone.has(op.child) && !gone.has(op.parent);
			case 'layout':
				return true;
		}
	});
}

/** The script with the node left out and its children given to its parent instead. */
function withoutLevel(ops: readonly Op[], id: number): Op[] | undefined {
	const placed = ops.find((op): op is Extract<Op, {op: 'insert'}> => op.op === 'insert' && op.child === id);
	if (!placed) {
		return undefined;
	}
	const {parent} = placed;
	return ops.flatMap((op): Op[] => {
		switch (op.op) {
			case 'create':
			case 'set':
			case 'text':
				return op.id === id ? [] : [op];
			case 'insert':
			case 'remove':
				return op.child === id ? [] : op.parent === id ? [{...op, parent}] : [op];
			case 'layout':
				return [op];
		}
	});
}

function smaller(value: number): number[] {
	if (!Number.isFinite(value) || value <= 0) {
		return [];
	}
	return [...new Set([0, Math.floor(value / 2), Math.ceil(value) - 1])].filter(candidate => candidate >= 0 && candidate < value);
}

function simpler(op: Op): Op[] {
	switch (op.op) {
		case 'set':
			return op.args.flatMap((arg, index) =>
				typeof arg === 'number'
					? smaller(arg)
							.filter(candidate => !terminalWidth(op) || candidate >= 20)
							.map(candidate => ({...op, args: op.args.map((old, at) => (at === index ? candidate : old))}))
					: [],
			);
		case 'insert':
			// Down to the index the replay really used (it clamps to the number of children).
			return [...new Set([0, op.index - 1])].filter(index => index >= 0 && index < op.index).map(index => ({...op, index}));
		case 'create':
		case 'text': {
			const lines = op.text;
			if (!lines) {
				return [];
			}
			const fewer = lines.length > 1 ? lines.map((_line, index) => lines.filter((_other, at) => at !== index)) : [];
			const shorter = lines.flatMap((length, index) => smaller(length).map(candidate => lines.map((old, at) => (at === index ? candidate : old))));
			return [...fewer, ...shorter].map(text => ({...op, text}));
		}
		default:
			return [];
	}
}

// Ink always sets a terminal's width on the root: a shrunk script keeps a first one, and widths
// a terminal can have.
const terminalWidth = (op: Op): boolean => op.op === 'set' && op.id === 0 && op.method === 'setWidth';
const removable = (ops: readonly Op[], index: number): boolean =>
	ops[index]!.op !== 'create' && !(terminalWidth(ops[index]!) && ops.findIndex(terminalWidth) === index);

function shrink(ops: readonly Op[], budget = 4000, milliseconds = 1000): Op[] {
	let current = [...ops];
	let tries = 0;
	const deadline = performance.now() + milliseconds;
	const attempt = (candidate: Op[]): boolean => {
		if (tries >= budget || performance.now() > deadline) {
			return false;
		}
		tries++;
		if (!compare(candidate).ok) {
			current = candidate;
			return true;
		}
		return false;
	};
	for (let progress = true; progress && tries < budget && performance.now() < deadline; ) {
		progress = false;
		const exists = (id: number): boolean => current.some(op => op.op === 'create' && op.id === id);
		const ids = current.flatMap(op => (op.op === 'create' && op.id !== 0 ? [op.id] : []));
		for (const id of ids) {
			progress = (exists(id) && attempt(withoutNode(current, id))) || progress;
		}
		for (const id of ids) {
			const lifted = exists(id) ? withoutLevel(current, id) : undefined;
			progress = (lifted !== undefined && attempt(lifted)) || progress;
		}
		for (let index = current.length - 1; index >= 0; index--) {
			if (index < current.length && removable(current, index)) {
				progress = attempt(current.filter((_op, at) => at !== index)) || progress;
			}
		}
		for (let index = 0; index < current.length; index++) {
			for (const candidate of simpler(current[index]!)) {
				if (attempt(current.map((op, at) => (at === index ? candidate : op)))) {
					progress = true;
					break;
				}
			}
		}
	}
	// Calls after the last layout change nothing that is compared, unless Flex throws on one.
	let last = current.length;
	while (last > 0 && current[last - 1]!.op !== 'layout') {
		last--;
	}
	const trimmed = current.slice(0, last);
	return compare(trimmed).ok ? current : trimmed;
}

/** Builds a script, keeping the tree it describes to choose what to change next. */
class Script {
	readonly ops: Op[] = [];
	private nextId = 0;
	private readonly children = new Map<number, number[]>();
	private readonly parents = new Map<number, number>();
	private readonly textIds = new Set<number>();

	create(text?: readonly number[]): number {
		const id = this.nextId++;
		this.ops.push(text ? {op: 'create', id, text} : {op: 'create', id});
		this.children.set(id, []);
		if (text) {
			this.textIds.add(id);
		}
		return id;
	}

	set(id: number, method: Setter, ...args: Arg[]): this {
		this.ops.push({op: 'set', id, method, args});
		return this;
	}

	insert(parent: number, child: number, index = this.childCount(parent)): this {
		this.ops.push({op: 'insert', parent, child, index});
		this.children.get(parent)!.splice(index, 0, child);
		this.parents.set(child, parent);
		return this;
	}

	remove(child: number): this {
		const parent = this.parents.get(child)!;
		this.ops.push({op: 'remove', parent, child});
		const siblings = this.children.get(parent)!;
		siblings.splice(siblings.indexOf(child), 1);
		this.parents.delete(child);
		return this;
	}

	text(id: number, text: readonly number[]): this {
		this.ops.push({op: 'text', id, text});
		return this;
	}

	layout(): this {
		this.ops.push({op: 'layout'});
		return this;
	}

	childCount(id: number): number {
		return this.children.get(id)!.length;
	}

	isText(id: number): boolean {
		return this.textIds.has(id);
	}

	depth(id: number): number {
		let levels = 0;
		for (let at = this.parents.get(id); at !== undefined; at = this.parents.get(at)) {
			levels++;
		}
		return levels;
	}

	/** The nodes in the root's tree, root first. */
	attached(): number[] {
		const found: number[] = [];
		const visit = (id: number): void => {
			found.push(id);
			for (const child of this.children.get(id)!) {
				visit(child);
			}
		};
		visit(0);
		return found;
	}
}

// Random Ink-like trees: terminal-sized, mostly Ink's defaults, the rest of the features
// sometimes. `scale` makes the extras rarer on texts, which in Ink take only flex styles.

const named = (prefix: string): ConstName[] => CONSTANTS.filter(name => name.startsWith(prefix));
const EDGES = named('EDGE_');
const ALIGNS = named('ALIGN_').filter(name => name !== 'ALIGN_AUTO');
const JUSTIFIES = named('JUSTIFY_');
const GUTTERS = named('GUTTER_');

class Random {
	private readonly next: () => number;

	constructor(seed: number) {
		this.next = random(seed);
	}

	int(low: number, high: number): number {
		return low + Math.floor(this.next() * (high - low + 1));
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)]!;
	}
}

// Sizes as in a terminal: mostly a few cells, up to 40.
function size(random: Random): number {
	return random.chance(0.6) ? random.int(0, 12) : random.int(0, 40);
}

function randomText(random: Random): number[] {
	const line = (): number => (random.chance(0.08) ? 0 : random.chance(0.8) ? random.int(1, 30) : random.int(30, 100));
	return random.chance(0.85) ? [line()] : Array.from({length: random.int(2, 4)}, line);
}

function width(random: Random, s: Script, id: number): void {
	if (random.chance(0.9)) {
		s.set(id, 'setWidth', size(random));
	} else {
		s.set(id, 'setWidthAuto');
	}
}

function height(random: Random, s: Script, id: number): void {
	if (random.chance(0.9)) {
		s.set(id, 'setHeight', size(random));
	} else {
		s.set(id, 'setHeightAuto');
	}
}

function edges(random: Random, s: Script, id: number, method: 'setPadding' | 'setMargin' | 'setBorder', most: number): void {
	for (let count = random.int(1, 3); count > 0; count--) {
		s.set(id, method, random.pick(EDGES), random.int(0, most));
	}
}

/** Styles any node may have: its place among its siblings and its size. */
function itemStyles(random: Random, s: Script, id: number, scale: number): void {
	if (random.chance(0.25 * scale)) {
		s.set(id, 'setFlexGrow', random.pick([0, 1, 1, 2]));
	}
	if (random.chance(0.2 * scale)) {
		s.set(id, 'setFlexShrink', random.pick([0, 1]));
	}
	if (random.chance(0.1 * scale)) {
		const kind = random.int(0, 2);
		if (kind === 0) {
			s.set(id, 'setFlexBasis', size(random));
		} else if (kind === 1) {
			// Ink's flexBasis: undefined.
			s.set(id, 'setFlexBasis', Number.NaN);
		} else {
			s.set(id, 'setFlexBasisAuto');
		}
	}
	if (random.chance(0.35 * scale)) {
		width(random, s, id);
	}
	if (random.chance(0.25 * scale)) {
		height(random, s, id);
	}
	if (random.chance(0.1 * scale)) {
		s.set(id, 'setMinWidth', size(random));
	}
	if (random.chance(0.1 * scale)) {
		s.set(id, 'setMinHeight', size(random));
	}
	if (random.chance(0.25 * scale)) {
		edges(random, s, id, 'setMargin', 3);
	}
	if (random.chance(0.15 * scale)) {
		s.set(id, 'setAlignSelf', random.pick<ConstName>(['ALIGN_AUTO', ...ALIGNS]));
	}
	if (random.chance(0.07 * scale)) {
		s.set(id, 'setDisplay', 'DISPLAY_NONE');
	} else if (random.chance(0.03)) {
		s.set(id, 'setDisplay', 'DISPLAY_FLEX');
	}
	if (random.chance(0.03)) {
		s.set(id, 'setPositionType', 'POSITION_TYPE_RELATIVE');
	}
}

/** Styles of a box: how it lays out its children, and its frame. */
function boxStyles(random: Random, s: Script, id: number): void {
	if (random.chance(0.85)) {
		// What Ink's <Box> sets on every box.
		s.set(id, 'setFlexWrap', 'WRAP_NO_WRAP');
		s.set(id, 'setFlexDirection', random.chance(0.55) ? 'FLEX_DIRECTION_ROW' : 'FLEX_DIRECTION_COLUMN');
		s.set(id, 'setFlexGrow', 0);
		s.set(id, 'setFlexShrink', 1);
	} else if (random.chance(0.5)) {
		// Yoga's own defaults otherwise: a column that does not shrink.
		s.set(id, 'setFlexDirection', 'FLEX_DIRECTION_ROW');
	}
	itemStyles(random, s, id, 1);
	if (random.chance(0.3)) {
		edges(random, s, id, 'setPadding', 3);
	}
	if (random.chance(0.2)) {
		if (random.chance(0.6)) {
			// Ink's borderStyle: 1 on each side, sometimes one side left out.
			for (const edge of ['EDGE_TOP', 'EDGE_BOTTOM', 'EDGE_LEFT', 'EDGE_RIGHT'] as const) {
				if (random.chance(0.85)) {
					s.set(id, 'setBorder', edge, 1);
				}
			}
		} else {
			edges(random, s, id, 'setBorder', 2);
		}
	}
	if (random.chance(0.2)) {
		s.set(id, 'setAlignItems', random.pick(ALIGNS));
	}
	if (random.chance(0.2)) {
		s.set(id, 'setJustifyContent', random.pick(JUSTIFIES));
	}
	if (random.chance(0.15)) {
		for (let count = random.int(1, 2); count > 0; count--) {
			s.set(id, 'setGap', random.pick(GUTTERS), random.int(0, 3));
		}
	}
}

function textNode(random: Random, s: Script): number {
	const id = s.create(randomText(random));
	// What Ink's <Text> sets.
	s.set(id, 'setFlexGrow', 0).set(id, 'setFlexShrink', 1).set(id, 'setFlexDirection', 'FLEX_DIRECTION_ROW');
	itemStyles(random, s, id, 0.3);
	if (random.chance(0.04)) {
		edges(random, s, id, 'setPadding', 2);
	}
	if (random.chance(0.03)) {
		edges(random, s, id, 'setBorder', 1);
	}
	return id;
}

/** A new subtree, built bottom-up and detached, as Ink's reconciler builds one. */
function subtree(random: Random, s: Script, depth: number, deepest: number, budget: {nodes: number}): number {
	if (depth >= deepest || random.chance(0.45)) {
		if (random.chance(0.85)) {
			return textNode(random, s);
		}
		const empty = s.create();
		boxStyles(random, s, empty);
		return empty;
	}
	const box = s.create();
	boxStyles(random, s, box);
	fill(random, s, box, depth, deepest, budget);
	return box;
}

function fill(random: Random, s: Script, parent: number, depth: number, deepest: number, budget: {nodes: number}): void {
	const most = depth <= 1 ? 6 : 7 - depth;
	for (let count = random.int(depth === 0 ? 1 : 0, most); count > 0 && budget.nodes > 0; count--) {
		budget.nodes--;
		s.insert(parent, subtree(random, s, depth + 1, deepest, budget));
	}
}

function randomTree(random: Random): Script {
	const s = new Script();
	const root = s.create();
	// Ink sets the root's width to the terminal's; berth's screens also fix a height.
	s.set(root, 'setWidth', random.int(20, 160));
	if (random.chance(0.4)) {
		s.set(root, 'setHeight', random.int(5, 60));
	}
	if (random.chance(0.1)) {
		s.set(root, 'setFlexDirection', 'FLEX_DIRECTION_ROW');
	}
	if (random.chance(0.1)) {
		edges(random, s, root, 'setPadding', 2);
	}
	fill(random, s, root, 0, random.int(1, 5), {nodes: random.int(1, 50)});
	return s.layout();
}

/** A few of the changes a re-render makes, each followed by a layout. */
function randomChanges(random: Random, s: Script): void {
	for (let round = random.int(1, 3); round > 0; round--) {
		// Sometimes none: a layout with nothing changed must come out of the cache the same.
		for (let count = random.int(0, 3); count > 0; count--) {
			const nodes = s.attached();
			const texts = nodes.filter(id => s.isText(id));
			const boxes = nodes.filter(id => !s.isText(id));
			const others = nodes.slice(1);
			const kind = random.int(0, 99);
			if (kind < 35 && texts.length > 0) {
				s.text(random.pick(texts), randomText(random));
			} else if (kind < 50 && others.length > 0) {
				width(random, s, random.pick(others));
			} else if (kind < 65) {
				const parent = random.pick(boxes);
				const depth = s.depth(parent);
				const child = subtree(random, s, depth + 1, Math.min(5, depth + 3), {nodes: random.int(1, 6)});
				s.insert(parent, child, random.int(0, s.childCount(parent)));
			} else if (kind < 77 && others.length > 0) {
				s.remove(random.pick(others));
			} else if (kind < 87) {
				s.set(0, 'setWidth', random.int(20, 160));
				if (random.chance(0.3)) {
					if (random.chance(0.5)) {
						s.set(0, 'setHeight', random.int(5, 60));
					} else {
						s.set(0, 'setHeightAuto');
					}
				}
			} else {
				const id = random.pick(nodes);
				const change = random.int(0, 7);
				if (change === 0) {
					s.set(id, 'setFlexGrow', random.int(0, 2));
				} else if (change === 1) {
					s.set(id, 'setFlexShrink', random.int(0, 1));
				} else if (change === 2) {
					s.set(id, 'setDisplay', random.pick<ConstName>(['DISPLAY_NONE', 'DISPLAY_FLEX']));
				} else if (change === 3) {
					s.set(id, 'setPadding', random.pick(EDGES), random.int(0, 3));
				} else if (change === 4) {
					s.set(id, 'setMargin', random.pick(EDGES), random.int(0, 3));
				} else if (change === 5) {
					height(random, s, id);
				} else if (change === 6) {
					s.set(id, 'setJustifyContent', random.pick(JUSTIFIES));
				} else {
					s.set(id, 'setFlexDirection', random.pick<ConstName>(['FLEX_DIRECTION_ROW', 'FLEX_DIRECTION_COLUMN']));
				}
			}
		}
		s.layout();
	}
}

/**
 * Runs the scripts of a range of seeds; fails listing every failing seed, with the first few
 * failures shrunk and shown as code.
 */
function differential(seeds: readonly number[], script: (random: Random) => Script): void {
	const failures: {seed: number; ops: Op[]}[] = [];
	for (const seed of seeds) {
		const {ops} = script(new Random(seed));
		if (only !== undefined) {
			console.log(`seed ${seed}:\n${describe(ops)}\n${describeOutcome(compare(ops))}`);
		}
		if (!compare(ops).ok) {
			failures.push({seed, ops});
		}
	}
	if (failures.length === 0) {
		return;
	}
	const shown = failures.slice(0, 3).map(({seed, ops}) => {
		const small = shrink(ops);
		return [`seed ${seed} (${ops.length} calls, shrunk to ${small.length}):`, describe(small), describeOutcome(compare(small))].join('\n');
	});
	assert.fail(
		[
			`${failures.length} of ${seeds.length} scripts lay out differently; seeds: ${failures
				.slice(0, 40)
				.map(f => f.seed)
				.join(', ')}${failures.length > 40 ? ', ...' : ''}`,
			...shown,
		].join('\n\n'),
	);
}

const range = (from: number, count: number): number[] => Array.from({length: count}, (_unused, index) => from + index);

// FLEX_LAYOUT_SEED=n runs the random tests on that seed alone and prints its whole script.
const only = process.env['FLEX_LAYOUT_SEED'] === undefined ? undefined : Number(process.env['FLEX_LAYOUT_SEED']);
const seeds = (from: number, count: number): number[] => (only === undefined ? range(from, count) : [only]);

test('Flex defines the constants Ink uses with the values Yoga gives them', () => {
	for (const name of CONSTANTS) {
		assert.equal(flex[name], yoga[name], name);
	}
});

test('Flex refuses the features it does not implement rather than lay them out wrongly', () => {
	const node = flex.Node.create();
	// Yoga's constants, as Ink passes them: Flex refuses each of these.
	assert.throws(() => node.setFlexWrap(Yoga.WRAP_WRAP), 'flexWrap: wrap');
	assert.throws(() => node.setFlexWrap(Yoga.WRAP_WRAP_REVERSE), 'flexWrap: wrap-reverse');
	assert.throws(() => node.setPositionType(Yoga.POSITION_TYPE_ABSOLUTE), 'position: absolute');
	assert.throws(() => node.setFlexDirection(Yoga.FLEX_DIRECTION_ROW_REVERSE), 'flexDirection: row-reverse');
	assert.throws(() => node.setFlexDirection(Yoga.FLEX_DIRECTION_COLUMN_REVERSE), 'flexDirection: column-reverse');
	// berth sizes its boxes in cells.
	assert.throws(() => node.setWidthPercent(50), /percentages are not supported/);
	assert.throws(() => node.setHeightPercent(50), /percentages are not supported/);
	assert.throws(() => node.setMinWidthPercent(50), /percentages are not supported/);
	assert.throws(() => node.setMinHeightPercent(50), /percentages are not supported/);
	assert.throws(() => node.setFlexBasisPercent(50), /percentages are not supported/);
	const maxima = node as unknown as Record<string, unknown>;
	for (const method of ['setMaxWidth', 'setMaxHeight', 'setMaxWidthPercent', 'setMaxHeightPercent']) {
		const setter = maxima[method];
		// Either there is no such method (a call fails as Ink makes it), or it throws.
		assert.ok(
			typeof setter !== 'function' ||
				(() => {
					try {
						setter.call(node, 10);
						return false;
					} catch {
						return true;
					}
				})(),
			`${method} is missing or throws`,
		);
	}
	node.free();
});

test('random trees lay out as in Yoga', () => {
	differential(seeds(1, 1500), random => randomTree(random));
});

test('random trees lay out as in Yoga again after changes (texts, widths, children, terminal width)', () => {
	differential(seeds(100_001, 600), random => {
		const s = randomTree(random);
		randomChanges(random, s);
		return s;
	});
});

// Hand-written layouts Ink depends on.

/** Lays the script out on both engines, asserts they agree, and returns Flex's layouts. */
function agreed(s: Script): Row[][] {
	const outcome = compare(s.ops);
	assert.ok(outcome.ok, `${describeOutcome(outcome)}\n${describe(s.ops)}`);
	return run(flex, s.ops).layouts;
}

function inkBox(s: Script, parent: number, direction: 'row' | 'column' = 'row'): number {
	const id = s.create();
	s.set(id, 'setFlexWrap', 'WRAP_NO_WRAP')
		.set(id, 'setFlexDirection', direction === 'row' ? 'FLEX_DIRECTION_ROW' : 'FLEX_DIRECTION_COLUMN')
		.set(id, 'setFlexGrow', 0)
		.set(id, 'setFlexShrink', 1);
	s.insert(parent, id);
	return id;
}

function inkText(s: Script, parent: number, ...lines: number[]): number {
	const id = s.create(lines);
	s.set(id, 'setFlexGrow', 0).set(id, 'setFlexShrink', 1).set(id, 'setFlexDirection', 'FLEX_DIRECTION_ROW');
	s.insert(parent, id);
	return id;
}

function inkRoot(s: Script, columns: number): number {
	const root = s.create();
	s.set(root, 'setWidth', columns);
	return root;
}

function box(layout: Row[], id: number): Record<Property, number> {
	const row = layout.find(r => r.id === id);
	assert.ok(row, `n${id} was laid out`);
	return row.values;
}

test('texts in a row wider than an 80-column terminal shrink and wrap', () => {
	const s = new Script();
	const root = inkRoot(s, 80);
	const table = inkBox(s, root, 'column');
	const cells: number[] = [];
	for (const lengths of [
		[40, 30, 25],
		[50, 50],
		[10, 90, 5],
		[79, 1, 1, 1],
	]) {
		const row = inkBox(s, table);
		for (const length of lengths) {
			cells.push(inkText(s, row, length));
		}
	}
	const [layout] = agreed(s.layout());
	const rows = layout!.filter(r => cells.includes(r.id));
	// Every row fits the terminal: the texts gave up width and took rows instead.
	for (const row of rows) {
		assert.ok(row.values.left + row.values.width <= 80, `n${row.id} ends by column 80`);
	}
	assert.equal(box(layout!, root).height, layout!.filter(r => r.path.split('/').length === 3).reduce((sum, r) => sum + r.values.height, 0));
});

test('a bordered box with paddingX 1 wraps its text inside border and padding', () => {
	const s = new Script();
	const root = inkRoot(s, 80);
	const frame = inkBox(s, root, 'column');
	s.set(frame, 'setWidth', 30);
	// Ink's borderStyle, then paddingX.
	s.set(frame, 'setBorder', 'EDGE_TOP', 1).set(frame, 'setBorder', 'EDGE_BOTTOM', 1).set(frame, 'setBorder', 'EDGE_LEFT', 1).set(frame, 'setBorder', 'EDGE_RIGHT', 1);
	s.set(frame, 'setPadding', 'EDGE_HORIZONTAL', 1);
	const text = inkText(s, frame, 100);
	const [layout] = agreed(s.layout());
	assert.deepEqual(
		{left: box(layout!, text).left, top: box(layout!, text).top, width: box(layout!, text).width, height: box(layout!, text).height},
		{left: 2, top: 1, width: 26, height: 4},
	);
	assert.equal(box(layout!, frame).height, 6);
});

test('flexGrow shares an odd leftover between two children and rounds it', () => {
	const s = new Script();
	const root = inkRoot(s, 81);
	const row = inkBox(s, root);
	const left = inkBox(s, row);
	const right = inkBox(s, row);
	s.set(left, 'setFlexGrow', 1).set(right, 'setFlexGrow', 1);
	// And a third of an odd leftover, beside a fixed child.
	const thirds = inkBox(s, root);
	const fixed = inkBox(s, thirds);
	s.set(fixed, 'setWidth', 7);
	const grown = [inkBox(s, thirds), inkBox(s, thirds), inkBox(s, thirds)];
	for (const id of grown) {
		s.set(id, 'setFlexGrow', 1);
		inkText(s, id, 3);
	}
	const [layout] = agreed(s.layout());
	// 40.5 each: Yoga rounds the edges of each box to whole cells, the first up, the second down.
	assert.deepEqual([box(layout!, left).left, box(layout!, left).width, box(layout!, right).left, box(layout!, right).width], [0, 41, 41, 40]);
	assert.equal(grown.reduce((sum, id) => sum + box(layout!, id).width, 7), 81);
});

test('a text after a child with a width takes the rest of the row', () => {
	const s = new Script();
	const root = inkRoot(s, 80);
	// As Ink's boxes do by default, the child with a width shrinks too; with flexShrink 0 it keeps it.
	const placed: {label: number; text: number}[] = [];
	for (const shrink of [1, 0]) {
		const row = inkBox(s, root);
		const label = inkBox(s, row);
		s.set(label, 'setWidth', 20).set(label, 'setFlexShrink', shrink);
		inkText(s, label, 12);
		placed.push({label, text: inkText(s, row, 150)});
	}
	const [layout] = agreed(s.layout());
	const of = (id: number) => ({left: box(layout!, id).left, width: box(layout!, id).width, height: box(layout!, id).height});
	assert.deepEqual(placed.map(({label, text}) => [of(label), of(text)]), [
		[
			{left: 0, width: 16, height: 3},
			{left: 16, width: 64, height: 3},
		],
		[
			{left: 0, width: 20, height: 3},
			{left: 20, width: 60, height: 3},
		],
	]);
});
