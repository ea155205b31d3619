// The app drawn by ink-testing-library on recorded engine data, at a terminal size, driven by the
// bytes a terminal sends. Ink is loaded on the first render, so a test file can ask for colour
// (FORCE_COLOR) before it loads.
import assert from 'node:assert/strict';
import React from 'react';
import stringWidth from 'string-width';
import {ESCAPE_WAIT_MS} from '../../source/actions/keys.js';
import type {LayoutBox} from '../../source/ui/App.js';
import {testContext, type TestContext} from './context.js';
import type {Recorded} from './fake-engine.js';

export const tick = async (ms = 30): Promise<void> => new Promise(resolve => setTimeout(resolve, ms));

/** Colour sequences, left out of `frame()`. */
const SGR = /\u001B\[[\d;]*m/g;

/** The terminal sizes every screen is checked at. */
export const SIZES = [
	[160, 45],
	[80, 24],
] as const;

export interface Rendered {
	ctx: TestContext;
	/** The frame's text, without its colours. */
	frame(): string;
	/** The frame as written, colours and all. */
	raw(): string;
	/** Writes each chunk to the input and waits for the frame it brings. */
	press(...chunks: string[]): Promise<void>;
	resize(columns: number, rows: number): Promise<void>;
	unmount(): void;
}

const mounted: Rendered[] = [];

/** For afterEach: unmounted after every test, passed or failed, so no timer keeps the process alive. */
export function unmountAll(): void {
	for (const app of mounted.splice(0)) {
		app.unmount();
	}
}

/** The app on `data`, in a terminal of the given size; `prepare` changes the context before the first frame. */
export async function renderApp(data: Recorded, columns = 160, rows = 45, prepare?: (ctx: TestContext) => void): Promise<Rendered> {
	const {render} = await import('ink-testing-library');
	const {App} = await import('../../source/ui/App.js');
	const ctx = testContext(data);
	prepare?.(ctx);
	const layoutBox: LayoutBox = {current: {listRows: 10, mainRows: 10}};
	const instance = render(<App ctx={ctx} layoutBox={layoutBox} />);
	/** Waits until a new frame has been drawn (or a while has passed: some keys change nothing). */
	const nextFrame = async (limitMs = 500): Promise<void> => {
		const count = instance.frames.length;
		const started = Date.now();
		while (instance.frames.length === count && Date.now() - started < limitMs) {
			await tick(5);
		}

		await tick(10);
	};

	const resize = async (width: number, height: number): Promise<void> => {
		Object.defineProperty(instance.stdout, 'columns', {configurable: true, get: () => width});
		Object.defineProperty(instance.stdout, 'rows', {configurable: true, get: () => height});
		instance.stdout.emit('resize');
		const started = Date.now();
		while ((instance.lastFrame() ?? '').split('\n').length !== Math.max(1, height - 1) && Date.now() - started < 2000) {
			await tick(5);
		}

		await tick(20);
	};

	await resize(columns, rows);
	// The rows come before the other lists; the titles' counts once the engine is synced. A test of
	// an engine that never answers goes on after a while.
	const started = Date.now();
	while (ctx.model.get().engine.syncedAt === undefined && Date.now() - started < 1000) {
		await tick(5);
	}

	await tick(20);
	let unmounted = false;
	const rendered: Rendered = {
		ctx,
		frame: () => (instance.lastFrame() ?? '').replaceAll(SGR, ''),
		raw: () => instance.lastFrame() ?? '',
		async press(...chunks) {
			for (const chunk of chunks) {
				const drawn = nextFrame();
				instance.stdin.write(chunk);
				// A lone Esc is the Escape key only once nothing follows it for ESCAPE_WAIT_MS: another
				// frame (a ticking age) could come first and be taken for the one it brings.
				if (chunk.endsWith('\u001B')) {
					await tick(ESCAPE_WAIT_MS + 30);
				}

				await drawn;
			}
		},
		resize,
		unmount() {
			if (!unmounted) {
				unmounted = true;
				instance.unmount();
				instance.cleanup();
			}
		},
	};
	mounted.push(rendered);
	return rendered;
}

/** The frame has the terminal's height less one, and no line is wider than the terminal. */
export function assertFits(frame: string, columns: number, rows: number): void {
	const lines = frame.split('\n');
	assert.equal(lines.length, rows - 1, `the frame is one row shorter than the terminal:\n${frame}`);
	for (const line of lines) {
		assert.ok(stringWidth(line) <= columns, `a line wider than ${columns}: ${JSON.stringify(line)}`);
	}
}

/** The frame's first line with `text`. */
export function lineWith(frame: string, text: string | RegExp): string {
	const line = frame.split('\n').find(candidate => (typeof text === 'string' ? candidate.includes(text) : text.test(candidate)));
	assert.ok(line !== undefined, `no line with ${String(text)} in\n${frame}`);
	return line;
}

/** The list's part of a row: side by side, the main area follows a │. */
export function listPart(line: string): string {
	return line.split('│')[0]!;
}

/** Waits until the frame shows `text` (tabs load their data after the first frame). */
export async function waitFor(app: Rendered, text: string | RegExp, limitMs = 2000): Promise<string> {
	const started = Date.now();
	const seen = (): boolean => (typeof text === 'string' ? app.frame().includes(text) : text.test(app.frame()));
	while (!seen() && Date.now() - started < limitMs) {
		await tick(10);
	}

	assert.ok(seen(), `${String(text)} never shown in\n${app.frame()}`);
	return app.frame();
}
