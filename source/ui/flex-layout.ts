// Ink lays out its boxes with Yoga, WebAssembly that is compiled at every start and waited for
// before the first frame. berth's screens need little of flexbox, so this is a flexbox in
// TypeScript behind the part of Yoga's interface that Ink uses (the build hands it to Ink in
// Yoga's place). It follows Yoga's algorithm, its caches, rounding and 32-bit arithmetic
// included, so that every box lands on the cell it would with Yoga
// (test/unit/flex-layout.test.ts compares the two on random trees). What berth never uses throws
// when asked for: wrapping, absolute positions, reversed directions, maximum sizes, percentages.

const ALIGN_AUTO = 0;
const ALIGN_FLEX_START = 1;
const ALIGN_CENTER = 2;
const ALIGN_FLEX_END = 3;
const ALIGN_STRETCH = 4;
const DIRECTION_LTR = 1;
const DISPLAY_FLEX = 0;
const DISPLAY_NONE = 1;
const EDGE_LEFT = 0;
const EDGE_TOP = 1;
const EDGE_RIGHT = 2;
const EDGE_BOTTOM = 3;
const EDGE_START = 4;
const EDGE_END = 5;
const EDGE_HORIZONTAL = 6;
const EDGE_VERTICAL = 7;
const EDGE_ALL = 8;
const FLEX_DIRECTION_COLUMN = 0;
const FLEX_DIRECTION_COLUMN_REVERSE = 1;
const FLEX_DIRECTION_ROW = 2;
const FLEX_DIRECTION_ROW_REVERSE = 3;
const GUTTER_COLUMN = 0;
const GUTTER_ROW = 1;
const GUTTER_ALL = 2;
const JUSTIFY_FLEX_START = 0;
const JUSTIFY_CENTER = 1;
const JUSTIFY_FLEX_END = 2;
const JUSTIFY_SPACE_BETWEEN = 3;
const JUSTIFY_SPACE_AROUND = 4;
const JUSTIFY_SPACE_EVENLY = 5;
const MEASURE_MODE_UNDEFINED = 0;
const MEASURE_MODE_EXACTLY = 1;
const MEASURE_MODE_AT_MOST = 2;
const POSITION_TYPE_RELATIVE = 1;
const POSITION_TYPE_ABSOLUTE = 2;
const WRAP_NO_WRAP = 0;
const WRAP_WRAP = 1;
const WRAP_WRAP_REVERSE = 2;

type Mode = typeof MEASURE_MODE_UNDEFINED | typeof MEASURE_MODE_EXACTLY | typeof MEASURE_MODE_AT_MOST;
const UNDEFINED = MEASURE_MODE_UNDEFINED;
const EXACTLY = MEASURE_MODE_EXACTLY;
const AT_MOST = MEASURE_MODE_AT_MOST;

type MeasureFunction = (width: number, widthMode: Mode, height: number, heightMode: Mode) => {width: number; height: number};

const defined = (value: number): boolean => !Number.isNaN(value);

/** Yoga computes in 32-bit floats: where a share of space is not whole, so is this, to the same bit. */
const f32 = Math.fround;

/** A size in cells as set; NaN is auto. */
const cells = (value: number): number => (Number.isFinite(value) ? value : Number.NaN);

/** Yoga's definite size: set and not negative. */
const definite = (size: number): boolean => defined(size) && size >= 0;

function noPercentages(): never {
	throw new Error('berth sizes its boxes in cells: percentages are not supported');
}

/** Yoga compares its floats with this tolerance. */
function near(a: number, b: number): boolean {
	return Number.isNaN(a) ? Number.isNaN(b) : Math.abs(a - b) < 0.0001;
}

/** Yoga's rounding of a point to the cell grid: down or up when forced, else to the nearest. */
function roundToGrid(value: number, ceil: boolean, floor: boolean): number {
	let fraction = value % 1;
	if (fraction < 0) {
		fraction++;
	}

	if (near(fraction, 0)) {
		return value - fraction;
	}

	if (near(fraction, 1) || ceil) {
		return value - fraction + 1;
	}

	if (floor) {
		return value - fraction;
	}

	return value - fraction + (fraction > 0.5 || near(fraction, 0.5) ? 1 : 0);
}

/** A physical edge's value: the most specific of the ones set (start and end are left and right). */
function edgeValue(values: readonly number[], edge: number): number {
	const specific = edge === EDGE_LEFT ? values[EDGE_START]! : edge === EDGE_RIGHT ? values[EDGE_END]! : Number.NaN;
	if (defined(specific)) {
		return specific;
	}

	if (defined(values[edge]!)) {
		return values[edge]!;
	}

	const axis = edge === EDGE_LEFT || edge === EDGE_RIGHT ? values[EDGE_HORIZONTAL]! : values[EDGE_VERTICAL]!;
	if (defined(axis)) {
		return axis;
	}

	return defined(values[EDGE_ALL]!) ? values[EDGE_ALL]! : 0;
}

type Axis = 'row' | 'column';
/** The physical edges an axis starts and ends at, as indexes of EDGE_*. */
const LEADING = {row: EDGE_LEFT, column: EDGE_TOP} as const;
const TRAILING = {row: EDGE_RIGHT, column: EDGE_BOTTOM} as const;

type Measurement = {width: number; height: number; widthMode: Mode; heightMode: Mode; resultWidth: number; resultHeight: number};

/**
 * Whether a text measured earlier for one space keeps its size in another (Yoga's
 * canUseCachedMeasurement, per axis): the same space to the cell, an exact size equal to the
 * answer, a limit the unlimited answer fits in, or a tighter limit the answer still fits in.
 */
function stillHolds(mode: Mode, size: number, lastMode: Mode, lastSize: number, lastResult: number, margin: number): boolean {
	if (lastResult < 0) {
		return false;
	}

	if (lastMode === mode && near(roundToGrid(lastSize, false, false), roundToGrid(size, false, false))) {
		return true;
	}

	const inner = size - margin;
	if (mode === EXACTLY) {
		return near(inner, lastResult);
	}

	return (
		mode === AT_MOST &&
		((lastMode === UNDEFINED && (inner >= lastResult || near(inner, lastResult))) ||
			(lastMode === AT_MOST && defined(lastSize) && defined(inner) && lastSize > inner && (lastResult <= inner || near(inner, lastResult))))
	);
}

const UNSET_EDGES: readonly number[] = Array.from({length: 9}, () => Number.NaN);
const NO_EDGES: readonly number[] = [0, 0, 0, 0];
const UNSET_GAPS: readonly number[] = [Number.NaN, Number.NaN, Number.NaN];

/** One layout pass's count: a dirty node's remembered results are dropped once per pass. */
let pass = 0;

class FlexNode {
	#direction: Axis = 'column';
	#justify = JUSTIFY_FLEX_START;
	#alignItems = ALIGN_STRETCH;
	#alignSelf = ALIGN_AUTO;
	#grow = 0;
	#shrink = 0;
	#basis = Number.NaN;
	#width = Number.NaN;
	#height = Number.NaN;
	#minWidth = Number.NaN;
	#minHeight = Number.NaN;
	#display = DISPLAY_FLEX;
	// Most of Ink's nodes set none of these: they share the empty ones until a value is set.
	/** As set, per EDGE_* index; NaN where not set. */
	#margin = UNSET_EDGES;
	#padding = UNSET_EDGES;
	#border = UNSET_EDGES;
	/** What they come to on each physical edge (left, top, right, bottom), worked out when set. */
	#marginAt = NO_EDGES;
	#paddingAt = NO_EDGES;
	#borderAt = NO_EDGES;
	#paddingBorderAt = NO_EDGES;
	/** Per GUTTER_* index. */
	#gap = UNSET_GAPS;
	#measure: MeasureFunction | undefined;
	#children: FlexNode[] = [];
	#owner: FlexNode | undefined;
	#dirty = true;
	#pass = -1;

	// What a pass worked out.
	#measuredWidth = 0;
	#measuredHeight = 0;
	/** The size along the owner's main axis before flexing; NaN until worked out again after a change. */
	#flexBasis = Number.NaN;
	#left = 0;
	#top = 0;
	/**
	 * The layout Ink reads. Rounding to whole cells overwrites it, as in Yoga: a node whose
	 * layout a later pass keeps is rounded again from these (Ink showed Yoga's results so).
	 * Unknown (NaN) until the node is first laid out.
	 */
	#layoutWidth = Number.NaN;
	#layoutHeight = Number.NaN;
	/** Padding and border per physical edge as of the last layout. */
	#laidOutPadding = NO_EDGES;
	#laidOutBorder = NO_EDGES;
	/** The last full layout's inputs and results, and recent measurements (Yoga keeps the same). */
	#laidOut: Measurement | undefined;
	#measurements: Measurement[] | undefined;
	/** Where the next measurement goes: from the start again once all 8 places are used. */
	#measurementCount = 0;

	static create(): FlexNode {
		return new FlexNode();
	}

	insertChild(child: FlexNode, index: number): void {
		child.#owner = this;
		this.#children.splice(index, 0, child);
		this.#markDirty();
	}

	removeChild(child: FlexNode): void {
		const index = this.#children.indexOf(child);
		if (index !== -1) {
			this.#children.splice(index, 1);
			child.#owner = undefined;
			this.#markDirty();
		}
	}

	getChildCount(): number {
		return this.#children.length;
	}

	free(): void {
		this.#owner?.removeChild(this);
		for (const child of this.#children) {
			child.#owner = undefined;
		}

		this.#children = [];
	}

	freeRecursive(): void {
		for (const child of this.#children) {
			child.freeRecursive();
		}

		this.free();
	}

	setMeasureFunc(measure: MeasureFunction): void {
		this.#measure = measure;
		this.#markDirty();
	}

	unsetMeasureFunc(): void {
		this.#measure = undefined;
		this.#markDirty();
	}

	/** Says that what the measure function returns has changed. */
	markDirty(): void {
		this.#markDirty();
	}

	#markDirty(): void {
		for (let node: FlexNode | undefined = this; node !== undefined && !node.#dirty; node = node.#owner) {
			node.#dirty = true;
			node.#flexBasis = Number.NaN;
		}
	}

	/** Sets a style field, marking the node dirty only when the value changes (as Yoga does). */
	#set<T>(current: T, next: T): T {
		if (!Object.is(current, next)) {
			this.#markDirty();
		}

		return next;
	}

	setFlexDirection(direction: number): void {
		if (direction !== FLEX_DIRECTION_ROW && direction !== FLEX_DIRECTION_COLUMN) {
			throw new Error('berth lays out rows and columns only, not reversed ones');
		}

		this.#direction = this.#set(this.#direction, direction === FLEX_DIRECTION_ROW ? 'row' : 'column');
	}

	setJustifyContent(justify: number): void {
		this.#justify = this.#set(this.#justify, justify);
	}

	setAlignItems(align: number): void {
		this.#alignItems = this.#set(this.#alignItems, align);
	}

	setAlignSelf(align: number): void {
		this.#alignSelf = this.#set(this.#alignSelf, align);
	}

	setFlexGrow(grow: number): void {
		this.#grow = this.#set(this.#grow, Number.isFinite(grow) ? grow : 0);
	}

	setFlexShrink(shrink: number): void {
		this.#shrink = this.#set(this.#shrink, Number.isFinite(shrink) ? shrink : 0);
	}

	setFlexBasis(basis: number): void {
		this.#basis = this.#set(this.#basis, cells(basis));
	}

	setFlexBasisPercent(): never {
		noPercentages();
	}

	setFlexBasisAuto(): void {
		this.#basis = this.#set(this.#basis, Number.NaN);
	}

	setFlexWrap(wrap: number): void {
		if (wrap !== WRAP_NO_WRAP) {
			throw new Error('berth lays out boxes on one line: flexWrap is not supported');
		}
	}

	setPositionType(type: number): void {
		if (type === POSITION_TYPE_ABSOLUTE) {
			throw new Error('berth lays out boxes in flow only: absolute positions are not supported');
		}
	}

	setDisplay(display: number): void {
		this.#display = this.#set(this.#display, display === DISPLAY_NONE ? DISPLAY_NONE : DISPLAY_FLEX);
	}

	getDisplay(): number {
		return this.#display;
	}

	setWidth(width: number): void {
		this.#width = this.#set(this.#width, cells(width));
	}

	setWidthPercent(): never {
		noPercentages();
	}

	setWidthAuto(): void {
		this.#width = this.#set(this.#width, Number.NaN);
	}

	setHeight(height: number): void {
		this.#height = this.#set(this.#height, cells(height));
	}

	setHeightPercent(): never {
		noPercentages();
	}

	setHeightAuto(): void {
		this.#height = this.#set(this.#height, Number.NaN);
	}

	setMinWidth(width: number): void {
		this.#minWidth = this.#set(this.#minWidth, cells(width));
	}

	setMinWidthPercent(): never {
		noPercentages();
	}

	setMinHeight(height: number): void {
		this.#minHeight = this.#set(this.#minHeight, cells(height));
	}

	setMinHeightPercent(): never {
		noPercentages();
	}

	setMargin(edge: number, value: number): void {
		this.#margin = this.#setIn(this.#margin, edge, value);
		this.#resolveEdges();
	}

	setPadding(edge: number, value: number): void {
		this.#padding = this.#setIn(this.#padding, edge, value);
		this.#resolveEdges();
	}

	setBorder(edge: number, value: number): void {
		this.#border = this.#setIn(this.#border, edge, value);
		this.#resolveEdges();
	}

	/** The values with one changed: a copy, since the one before may be shared or read by the last layout. */
	#setIn(values: readonly number[], index: number, value: number): readonly number[] {
		if (Object.is(values[index], value)) {
			return values;
		}

		this.#markDirty();
		const changed = [...values];
		changed[index] = value;
		return changed;
	}

	#resolveEdges(): void {
		const physical = [EDGE_LEFT, EDGE_TOP, EDGE_RIGHT, EDGE_BOTTOM];
		this.#marginAt = physical.map(edge => edgeValue(this.#margin, edge));
		this.#paddingAt = physical.map(edge => Math.max(0, edgeValue(this.#padding, edge)));
		this.#borderAt = physical.map(edge => Math.max(0, edgeValue(this.#border, edge)));
		this.#paddingBorderAt = physical.map(edge => this.#paddingAt[edge]! + this.#borderAt[edge]!);
	}

	setGap(gutter: number, value: number): void {
		this.#gap = this.#setIn(this.#gap, gutter, value);
	}

	getComputedLeft(): number {
		return this.#left;
	}

	getComputedTop(): number {
		return this.#top;
	}

	getComputedWidth(): number {
		return this.#layoutWidth;
	}

	getComputedHeight(): number {
		return this.#layoutHeight;
	}

	getComputedPadding(edge: number): number {
		return this.#laidOutPadding[edge] ?? 0;
	}

	getComputedBorder(edge: number): number {
		return this.#laidOutBorder[edge] ?? 0;
	}

	/** Lays out the tree under this node (the root): Ink passes no sizes, so the node's own are used. */
	calculateLayout(width?: number, height?: number, _direction?: number): void {
		pass++;
		let availableWidth = width ?? Number.NaN;
		let widthMode: Mode = defined(availableWidth) ? EXACTLY : UNDEFINED;
		if (definite(this.#width)) {
			availableWidth = this.#width + this.#marginFor('row');
			widthMode = EXACTLY;
		}

		let availableHeight = height ?? Number.NaN;
		let heightMode: Mode = defined(availableHeight) ? EXACTLY : UNDEFINED;
		if (definite(this.#height)) {
			availableHeight = this.#height + this.#marginFor('column');
			heightMode = EXACTLY;
		}

		this.#layout(availableWidth, availableHeight, widthMode, heightMode, true);
		this.#left = this.#marginAt[EDGE_LEFT]!;
		this.#top = this.#marginAt[EDGE_TOP]!;
		this.#round(0, 0);
	}

	#marginFor(axis: Axis): number {
		return axis === 'row' ? this.#marginAt[EDGE_LEFT]! + this.#marginAt[EDGE_RIGHT]! : this.#marginAt[EDGE_TOP]! + this.#marginAt[EDGE_BOTTOM]!;
	}

	#paddingBorder(edge: number): number {
		return this.#paddingBorderAt[edge]!;
	}

	#paddingBorderFor(axis: Axis): number {
		return axis === 'row'
			? this.#paddingBorderAt[EDGE_LEFT]! + this.#paddingBorderAt[EDGE_RIGHT]!
			: this.#paddingBorderAt[EDGE_TOP]! + this.#paddingBorderAt[EDGE_BOTTOM]!;
	}

	#styleSize(axis: Axis): number {
		return axis === 'row' ? this.#width : this.#height;
	}

	#minSize(axis: Axis): number {
		return axis === 'row' ? this.#minWidth : this.#minHeight;
	}

	#measured(axis: Axis): number {
		return axis === 'row' ? this.#measuredWidth : this.#measuredHeight;
	}

	/** The size clamped to the minimum (Yoga's boundAxisWithinMinAndMax; berth sets no maximum). */
	#withinMin(axis: Axis, value: number): number {
		const min = this.#minSize(axis);
		return min >= 0 && value < min ? min : value;
	}

	/** The size clamped to the minimum and to no less than padding and border (Yoga's boundAxis). */
	#bound(axis: Axis, value: number): number {
		return Math.max(this.#withinMin(axis, value), this.#paddingBorderFor(axis));
	}

	#alignOf(child: FlexNode): number {
		return child.#alignSelf === ALIGN_AUTO ? this.#alignItems : child.#alignSelf;
	}

	#flexible(): boolean {
		return this.#grow !== 0 || this.#shrink !== 0;
	}

	/** Yoga's calculateLayoutInternal: the node's size for these inputs, remembered, and with `layout` its children placed. */
	#layout(
		availableWidth: number,
		availableHeight: number,
		widthMode: Mode,
		heightMode: Mode,
		layout: boolean,
	): void {
		if (this.#dirty && this.#pass !== pass) {
			this.#laidOut = undefined;
			this.#measurementCount = 0;
		}

		// A text is measured again only when no earlier answer holds for the new space, as in
		// Yoga: which earlier answer is taken decides how a text that only just fits wraps.
		const text = this.#measure !== undefined;
		let remembered: Measurement | undefined;
		if (text || layout) {
			remembered = this.#laidOut !== undefined && this.#holds(this.#laidOut, availableWidth, availableHeight, widthMode, heightMode) ? this.#laidOut : undefined;
		}

		if (remembered === undefined && (text || !layout)) {
			for (let index = 0; index < this.#measurementCount; index++) {
				if (this.#holds(this.#measurements![index]!, availableWidth, availableHeight, widthMode, heightMode)) {
					remembered = this.#measurements![index];
					break;
				}
			}
		}

		if (remembered === undefined) {
			this.#compute(availableWidth, availableHeight, widthMode, heightMode, layout);
			const entry = {
				width: availableWidth,
				height: availableHeight,
				widthMode,
				heightMode,
				resultWidth: this.#measuredWidth,
				resultHeight: this.#measuredHeight,
			};
			if (this.#measurementCount === 8) {
				this.#measurementCount = 0;
			}

			if (layout) {
				this.#laidOut = entry;
			} else {
				this.#measurements ??= [];
				this.#measurements[this.#measurementCount++] = entry;
			}
		} else {
			this.#measuredWidth = remembered.resultWidth;
			this.#measuredHeight = remembered.resultHeight;
		}

		if (layout) {
			this.#layoutWidth = this.#measuredWidth;
			this.#layoutHeight = this.#measuredHeight;
			this.#dirty = false;
		}

		this.#pass = pass;
	}

	/** Whether an earlier result serves for this space: the same space, or for a text any space its size still holds for. */
	#holds(entry: Measurement, width: number, height: number, widthMode: Mode, heightMode: Mode): boolean {
		if (this.#measure === undefined) {
			return entry.widthMode === widthMode && entry.heightMode === heightMode && near(entry.width, width) && near(entry.height, height);
		}

		return (
			stillHolds(widthMode, width, entry.widthMode, entry.width, entry.resultWidth, this.#marginFor('row')) &&
			stillHolds(heightMode, height, entry.heightMode, entry.height, entry.resultHeight, this.#marginFor('column'))
		);
	}

	/** Yoga's calculateLayoutImpl. */
	#compute(
		availableWidth: number,
		availableHeight: number,
		widthMode: Mode,
		heightMode: Mode,
		layout: boolean,
	): void {
		const marginRow = this.#marginFor('row');
		const marginColumn = this.#marginFor('column');
		this.#laidOutPadding = this.#paddingAt;
		this.#laidOutBorder = this.#borderAt;

		if (this.#measure !== undefined) {
			this.#measureLeaf(availableWidth, availableHeight, widthMode, heightMode, marginRow, marginColumn);
			return;
		}

		if (this.#children.length === 0) {
			this.#measuredWidth = this.#bound(
				'row',
				widthMode === EXACTLY ? availableWidth - marginRow : this.#paddingBorderFor('row'),
			);
			this.#measuredHeight = this.#bound(
				'column',
				heightMode === EXACTLY ? availableHeight - marginColumn : this.#paddingBorderFor('column'),
			);
			return;
		}

		const outerWidth = availableWidth - marginRow;
		const outerHeight = availableHeight - marginColumn;
		if (
			!layout &&
			((widthMode === AT_MOST && outerWidth <= 0) ||
				(heightMode === AT_MOST && outerHeight <= 0) ||
				(widthMode === EXACTLY && heightMode === EXACTLY))
		) {
			// The size is known without looking inside.
			this.#measuredWidth = this.#bound(
				'row',
				Number.isNaN(outerWidth) || (widthMode === AT_MOST && outerWidth < 0) ? 0 : outerWidth,
			);
			this.#measuredHeight = this.#bound(
				'column',
				Number.isNaN(outerHeight) || (heightMode === AT_MOST && outerHeight < 0) ? 0 : outerHeight,
			);
			return;
		}

		this.#flex(availableWidth, availableHeight, widthMode, heightMode, layout, marginRow, marginColumn);
	}

	#measureLeaf(
		availableWidth: number,
		availableHeight: number,
		widthMode: Mode,
		heightMode: Mode,
		marginRow: number,
		marginColumn: number,
	): void {
		const paddingBorderRow = this.#paddingBorderFor('row');
		const paddingBorderColumn = this.#paddingBorderFor('column');
		if (widthMode === EXACTLY && heightMode === EXACTLY) {
			this.#measuredWidth = this.#bound('row', availableWidth - marginRow);
			this.#measuredHeight = this.#bound('column', availableHeight - marginColumn);
			return;
		}

		// Unknown (NaN) where the mode says there is no limit.
		const innerWidth = widthMode === UNDEFINED ? Number.NaN : Math.max(0, availableWidth - marginRow - paddingBorderRow);
		const innerHeight = heightMode === UNDEFINED ? Number.NaN : Math.max(0, availableHeight - marginColumn - paddingBorderColumn);
		const size = this.#measure!(innerWidth, widthMode, innerHeight, heightMode);
		this.#measuredWidth = this.#bound(
			'row',
			widthMode === EXACTLY ? availableWidth - marginRow : size.width + paddingBorderRow,
		);
		this.#measuredHeight = this.#bound(
			'column',
			heightMode === EXACTLY ? availableHeight - marginColumn : size.height + paddingBorderColumn,
		);
	}

	/** The space inside the node for its children: the available space less margin, padding and border, and no less than the minimum. */
	#innerSpace(axis: Axis, available: number): number {
		const paddingBorder = this.#paddingBorderFor(axis);
		const inner = available - paddingBorder;
		if (Number.isNaN(inner)) {
			return inner;
		}

		const min = this.#minSize(axis);
		return Math.max(inner, defined(min) ? min - paddingBorder : 0);
	}

	/** Yoga's computeFlexBasisForChild: the child's size along the main axis before flexing. */
	#basisOf(
		child: FlexNode,
		main: Axis,
		innerWidth: number,
		innerHeight: number,
		widthMode: Mode,
		heightMode: Mode,
	): number {
		const mainInner = main === 'row' ? innerWidth : innerHeight;
		const rowDefinite = definite(child.#width);
		const columnDefinite = definite(child.#height);
		if (defined(child.#basis) && defined(mainInner)) {
			// As in Yoga, a basis given in the style is taken once, and again only after a change.
			return defined(child.#flexBasis) ? child.#flexBasis : Math.max(child.#basis, child.#paddingBorderFor(main));
		}

		if (main === 'row' && rowDefinite) {
			return Math.max(child.#width, child.#paddingBorderFor('row'));
		}

		if (main === 'column' && columnDefinite) {
			return Math.max(child.#height, child.#paddingBorderFor('column'));
		}

		let childWidth = Number.NaN;
		let childHeight = Number.NaN;
		let childWidthMode: Mode = UNDEFINED;
		let childHeightMode: Mode = UNDEFINED;
		if (rowDefinite) {
			childWidth = child.#width + child.#marginFor('row');
			childWidthMode = EXACTLY;
		}

		if (columnDefinite) {
			childHeight = child.#height + child.#marginFor('column');
			childHeightMode = EXACTLY;
		}

		if (Number.isNaN(childWidth) && defined(innerWidth)) {
			childWidth = innerWidth;
			childWidthMode = AT_MOST;
		}

		if (Number.isNaN(childHeight) && defined(innerHeight)) {
			childHeight = innerHeight;
			childHeightMode = AT_MOST;
		}

		const stretch = this.#alignOf(child) === ALIGN_STRETCH;
		if (main === 'column' && !rowDefinite && defined(innerWidth) && widthMode === EXACTLY && stretch && childWidthMode !== EXACTLY) {
			childWidth = innerWidth;
			childWidthMode = EXACTLY;
		}

		if (main === 'row' && !columnDefinite && defined(innerHeight) && heightMode === EXACTLY && stretch && childHeightMode !== EXACTLY) {
			childHeight = innerHeight;
			childHeightMode = EXACTLY;
		}

		child.#layout(childWidth, childHeight, childWidthMode, childHeightMode, false);
		return Math.max(child.#measured(main), child.#paddingBorderFor(main));
	}

	/** Yoga's flex algorithm for one line of children, then the node's own size. */
	#flex(
		availableWidth: number,
		availableHeight: number,
		widthMode: Mode,
		heightMode: Mode,
		layout: boolean,
		marginRow: number,
		marginColumn: number,
	): void {
		const main = this.#direction;
		const cross: Axis = main === 'row' ? 'column' : 'row';
		const mainIsRow = main === 'row';
		const mainMode = mainIsRow ? widthMode : heightMode;
		const crossMode = mainIsRow ? heightMode : widthMode;
		const paddingBorderMain = this.#paddingBorderFor(main);
		const paddingBorderCross = this.#paddingBorderFor(cross);
		const innerWidth = this.#innerSpace('row', availableWidth - marginRow);
		const innerHeight = this.#innerSpace('column', availableHeight - marginColumn);
		let innerMain = mainIsRow ? innerWidth : innerHeight;
		const innerCross = mainIsRow ? innerHeight : innerWidth;

		// When the main size is known and one child alone can flex, and it can both grow and
		// shrink, Yoga gives it a basis of 0 rather than measuring it: it takes what is left.
		let onlyFlexible: FlexNode | undefined;
		if (mainMode === EXACTLY) {
			for (const child of this.#children) {
				if (child.#flexible()) {
					if (onlyFlexible !== undefined || child.#grow === 0 || child.#shrink === 0) {
						onlyFlexible = undefined;
						break;
					}

					onlyFlexible = child;
				}
			}
		}

		const inFlow: FlexNode[] = [];
		for (const child of this.#children) {
			if (child.#display === DISPLAY_NONE) {
				child.#hide();
				child.#dirty = false;
				continue;
			}

			if (layout) {
				child.#left = child.#marginAt[EDGE_LEFT]!;
				child.#top = child.#marginAt[EDGE_TOP]!;
			}

			child.#flexBasis =
				child === onlyFlexible ? 0 : this.#basisOf(child, main, innerWidth, innerHeight, widthMode, heightMode);
			inFlow.push(child);
		}

		const gap = this.#gapFor(main);
		let consumed = 0;
		let totalGrow = 0;
		let totalShrink = 0;
		for (let index = 0; index < inFlow.length; index++) {
			const child = inFlow[index]!;
			consumed = f32(consumed + f32(child.#withinMin(main, child.#flexBasis) + child.#marginFor(main)) + (index === 0 ? 0 : gap));
			if (child.#flexible()) {
				totalGrow += child.#grow;
				totalShrink = f32(totalShrink - child.#shrink * child.#flexBasis);
			}
		}

		if (totalGrow > 0 && totalGrow < 1) {
			totalGrow = 1;
		}

		let sizedByContent = false;
		if (mainMode !== EXACTLY) {
			const minInner = this.#minSize(main) - paddingBorderMain;
			if (defined(minInner) && consumed < minInner) {
				innerMain = minInner;
			} else {
				// A root does not grow.
				if (totalGrow === 0 || this.#owner === undefined || this.#grow === 0) {
					innerMain = consumed;
				}

				sizedByContent = true;
			}
		}

		let free = 0;
		if (!sizedByContent && defined(innerMain)) {
			free = f32(innerMain - consumed);
		} else if (consumed < 0) {
			free = -consumed;
		}

		const skipFlex = !layout && crossMode === EXACTLY;
		if (!skipFlex) {
			free = this.#resolveFlexibleLengths(inFlow, main, cross, free, totalGrow, totalShrink, innerCross, crossMode, layout);
		}

		// Main axis: justify.
		if (mainMode === AT_MOST && free > 0) {
			const min = this.#minSize(main);
			free = defined(min) ? Math.max(0, min - paddingBorderMain - (innerMain - free)) : 0;
		}

		let leading = 0;
		let between = gap;
		const count = inFlow.length;
		// With too little room, spacing falls back to packing at the start, as in Yoga.
		const spacing = this.#justify === JUSTIFY_SPACE_BETWEEN || this.#justify === JUSTIFY_SPACE_AROUND || this.#justify === JUSTIFY_SPACE_EVENLY;
		const justify = free < 0 && spacing ? JUSTIFY_FLEX_START : this.#justify;
		switch (justify) {
			case JUSTIFY_CENTER: {
				leading = free / 2;
				break;
			}

			case JUSTIFY_FLEX_END: {
				leading = free;
				break;
			}

			case JUSTIFY_SPACE_BETWEEN: {
				if (count > 1) {
					between += Math.max(free, 0) / (count - 1);
				}

				break;
			}

			case JUSTIFY_SPACE_EVENLY: {
				leading = free / (count + 1);
				between += leading;
				break;
			}

			case JUSTIFY_SPACE_AROUND: {
				// No children in flow (all hidden): no space to share.
				leading = count === 0 ? 0 : (0.5 * free) / count;
				between += leading * 2;
				break;
			}

			default:
		}

		let mainPosition = this.#paddingBorder(LEADING[main]) + leading;
		let lineCross = 0;
		for (let index = 0; index < inFlow.length; index++) {
			const child = inFlow[index]!;
			if (layout) {
				child.#setPosition(main, child.#position(main) + mainPosition);
			}

			if (index < inFlow.length - 1) {
				mainPosition += between;
			}

			if (skipFlex) {
				mainPosition += child.#marginFor(main) + child.#flexBasis;
				lineCross = innerCross;
			} else {
				mainPosition += child.#measured(main) + child.#marginFor(main);
				lineCross = Math.max(lineCross, child.#measured(cross) + child.#marginFor(cross));
			}
		}

		const maxLineMain = mainPosition + this.#paddingBorder(TRAILING[main]);

		let containerCross = innerCross;
		if (crossMode !== EXACTLY) {
			containerCross = this.#bound(cross, lineCross + paddingBorderCross) - paddingBorderCross;
		} else {
			lineCross = innerCross;
		}

		lineCross = this.#bound(cross, lineCross + paddingBorderCross) - paddingBorderCross;

		// Cross axis: stretch or align each child.
		if (layout) {
			for (const child of inFlow) {
				let leadingCross = this.#paddingBorder(LEADING[cross]);
				const align = this.#alignOf(child);
				if (align === ALIGN_STRETCH) {
					if (!definite(child.#styleSize(cross))) {
						const childMain = child.#measured(main) + child.#marginFor(main);
						const childWidth = mainIsRow ? childMain : lineCross;
						const childHeight = mainIsRow ? lineCross : childMain;
						child.#layout(
							childWidth,
							childHeight,
							Number.isNaN(childWidth) ? UNDEFINED : EXACTLY,
							Number.isNaN(childHeight) ? UNDEFINED : EXACTLY,
							true,
						);
					}
				} else {
					const remaining = containerCross - child.#measured(cross) - child.#marginFor(cross);
					if (align === ALIGN_CENTER) {
						leadingCross += remaining / 2;
					} else if (align !== ALIGN_FLEX_START) {
						leadingCross += remaining;
					}
				}

				child.#setPosition(cross, child.#position(cross) + leadingCross);
			}
		}

		// The node's own size.
		this.#measuredWidth = this.#bound('row', availableWidth - marginRow);
		this.#measuredHeight = this.#bound('column', availableHeight - marginColumn);
		if (mainMode !== EXACTLY) {
			this.#setMeasured(main, this.#bound(main, maxLineMain));
		}

		if (crossMode !== EXACTLY) {
			this.#setMeasured(cross, this.#bound(cross, lineCross + paddingBorderCross));
		}
	}

	/** Yoga's resolveFlexibleLength: grows or shrinks the children into the free space; returns what is left of it. */
	#resolveFlexibleLengths(
		inFlow: readonly FlexNode[],
		main: Axis,
		cross: Axis,
		free: number,
		totalGrow: number,
		totalShrink: number,
		innerCross: number,
		crossMode: Mode,
		layout: boolean,
	): number {
		const original = free;
		// First pass: children whose flexed size a minimum overrides leave the sharing.
		let delta = 0;
		for (const child of inFlow) {
			const basis = child.#withinMin(main, child.#flexBasis);
			if (free < 0) {
				const factor = -child.#shrink * basis;
				if (factor !== 0) {
					const base = f32(basis + f32(f32(free / totalShrink) * factor));
					const bounded = child.#bound(main, base);
					if (base !== bounded) {
						delta = f32(delta + f32(bounded - basis));
						totalShrink = f32(totalShrink + child.#shrink * child.#flexBasis);
					}
				}
			} else if (free > 0 && child.#grow !== 0) {
				const base = f32(basis + f32(f32(free / totalGrow) * child.#grow));
				const bounded = child.#bound(main, base);
				if (base !== bounded) {
					delta = f32(delta + f32(bounded - basis));
					totalGrow = f32(totalGrow - child.#grow);
				}
			}
		}

		free = f32(free - delta);
		// Second pass: every child's final main size, then its layout at that size.
		delta = 0;
		const mainIsRow = main === 'row';
		for (const child of inFlow) {
			const basis = child.#withinMin(main, child.#flexBasis);
			let size = basis;
			if (free < 0) {
				const factor = -child.#shrink * basis;
				if (factor !== 0) {
					size = f32(child.#bound(main, totalShrink === 0 ? basis + factor : f32(basis + f32(f32(free / totalShrink) * factor))));
				}
			} else if (free > 0 && child.#grow !== 0) {
				size = f32(child.#bound(main, f32(basis + f32(f32(free / totalGrow) * child.#grow))));
			}

			delta = f32(delta + f32(size - basis));
			const marginMain = child.#marginFor(main);
			const marginCross = child.#marginFor(cross);
			const childMain = size + marginMain;
			let childCross: number;
			let childCrossMode: Mode;
			const stretch = this.#alignOf(child) === ALIGN_STRETCH;
			const crossDefinite = definite(child.#styleSize(cross));
			if (defined(innerCross) && !crossDefinite && crossMode === EXACTLY && stretch) {
				childCross = innerCross;
				childCrossMode = EXACTLY;
			} else if (crossDefinite) {
				childCross = child.#styleSize(cross) + marginCross;
				childCrossMode = EXACTLY;
			} else {
				childCross = innerCross;
				childCrossMode = Number.isNaN(childCross) ? UNDEFINED : AT_MOST;
			}

			const needsStretch = !crossDefinite && stretch;
			child.#layout(
				mainIsRow ? childMain : childCross,
				mainIsRow ? childCross : childMain,
				mainIsRow ? EXACTLY : childCrossMode,
				mainIsRow ? childCrossMode : EXACTLY,
				layout && !needsStretch,
			);
		}

		return f32(original - delta);
	}

	#gapFor(main: Axis): number {
		const gutter = main === 'row' ? this.#gap[GUTTER_COLUMN]! : this.#gap[GUTTER_ROW]!;
		const value = defined(gutter) ? gutter : this.#gap[GUTTER_ALL]!;
		return defined(value) ? Math.max(0, value) : 0;
	}

	#position(axis: Axis): number {
		return axis === 'row' ? this.#left : this.#top;
	}

	#setPosition(axis: Axis, value: number): void {
		if (axis === 'row') {
			this.#left = value;
		} else {
			this.#top = value;
		}
	}

	#setMeasured(axis: Axis, value: number): void {
		if (axis === 'row') {
			this.#measuredWidth = value;
		} else {
			this.#measuredHeight = value;
		}
	}

	/** A hidden node and everything in it take no space. */
	#hide(): void {
		this.#left = 0;
		this.#top = 0;
		this.#layoutWidth = 0;
		this.#layoutHeight = 0;
		this.#measuredWidth = 0;
		this.#measuredHeight = 0;
		this.#laidOutPadding = NO_EDGES;
		this.#laidOutBorder = NO_EDGES;
		for (const child of this.#children) {
			child.#hide();
		}
	}

	/** Yoga's roundLayoutResultsToPixelGrid: edges to whole cells, measured text never cut. */
	#round(absoluteLeft: number, absoluteTop: number): void {
		const text = this.#measure !== undefined;
		const left = absoluteLeft + this.#left;
		const top = absoluteTop + this.#top;
		this.#left = roundToGrid(this.#left, false, text);
		this.#top = roundToGrid(this.#top, false, text);
		const fractionalWidth = !near(Math.round(this.#layoutWidth), this.#layoutWidth);
		const fractionalHeight = !near(Math.round(this.#layoutHeight), this.#layoutHeight);
		this.#layoutWidth =
			roundToGrid(left + this.#layoutWidth, text && fractionalWidth, text && !fractionalWidth) - roundToGrid(left, false, text);
		this.#layoutHeight =
			roundToGrid(top + this.#layoutHeight, text && fractionalHeight, text && !fractionalHeight) - roundToGrid(top, false, text);
		for (const child of this.#children) {
			child.#round(left, top);
		}
	}
}

/** The module as Ink imports it, in yoga-layout's shape: the node class and the constants Ink names. */
const Flex = {
	Node: FlexNode,
	ALIGN_AUTO,
	ALIGN_FLEX_START,
	ALIGN_CENTER,
	ALIGN_FLEX_END,
	ALIGN_STRETCH,
	DIRECTION_LTR,
	DISPLAY_FLEX,
	DISPLAY_NONE,
	EDGE_LEFT,
	EDGE_TOP,
	EDGE_RIGHT,
	EDGE_BOTTOM,
	EDGE_START,
	EDGE_END,
	EDGE_HORIZONTAL,
	EDGE_VERTICAL,
	EDGE_ALL,
	FLEX_DIRECTION_COLUMN,
	FLEX_DIRECTION_COLUMN_REVERSE,
	FLEX_DIRECTION_ROW,
	FLEX_DIRECTION_ROW_REVERSE,
	GUTTER_COLUMN,
	GUTTER_ROW,
	GUTTER_ALL,
	JUSTIFY_FLEX_START,
	JUSTIFY_CENTER,
	JUSTIFY_FLEX_END,
	JUSTIFY_SPACE_BETWEEN,
	JUSTIFY_SPACE_AROUND,
	JUSTIFY_SPACE_EVENLY,
	MEASURE_MODE_UNDEFINED,
	MEASURE_MODE_EXACTLY,
	MEASURE_MODE_AT_MOST,
	POSITION_TYPE_RELATIVE,
	POSITION_TYPE_ABSOLUTE,
	WRAP_NO_WRAP,
	WRAP_WRAP,
	WRAP_WRAP_REVERSE,
};

export default Flex;
