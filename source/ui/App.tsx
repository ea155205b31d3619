import React, {useEffect, useRef} from 'react';
import {Box, Text, useStdin} from 'ink';
import {handleKey} from '../actions/dispatch.js';
import {ESCAPE_WAIT_MS, InputReader, type InputEvent} from '../actions/keys.js';
import {handleMouse} from '../actions/mouse.js';
import type {ActionContext, Layout} from '../actions/types.js';
import {AppContext} from './app-context.js';
import {Dialog} from './Dialog.js';
import {MessageLine, StatusBar} from './Footer.js';
import {Help} from './Help.js';
import {Palette} from './Palette.js';
import {Unreachable} from './Unreachable.js';
import {engineUnreachable} from '../store/model-store.js';
import {shownPanes} from '../store/swarm-selectors.js';
import {useModel, useStore, useTerminalSize, useView} from './hooks.js';
import {frameLayout, MIN_COLUMNS, MIN_ROWS} from './layout.js';
import {MainArea} from './main/MainArea.js';
import {hitTest, type DrawnScreen} from './mouse-map.js';
import {ShownWindowContext} from './panes/ListView.js';
import type {ShownWindow} from './panes/list-window.js';
import {FocusedList, naturalListWidth} from './panes/FocusedList.js';
import {PaneBar, PaneColumn} from './panes/PaneColumn.js';
import {box, glyph} from './glyphs.js';
import {tone} from './theme.js';
import {t} from '../i18n/translate.js';

/** Where the UI tells actions how many rows a page is; written on every render. */
export interface LayoutBox {
	current: Layout;
}

/**
 * Feeds every key of every input chunk to the dispatcher (Ink's own hook reads one key a chunk),
 * and every mouse event, with what the last frame drew under it, to the mouse's.
 */
function useTerminalInput(ctx: ActionContext, drawn: {current: DrawnScreen | undefined}): void {
	const {setRawMode, internal_eventEmitter: input} = useStdin();
	useEffect(() => {
		const reader = new InputReader();
		let wait: NodeJS.Timeout | undefined;
		const dispatch = (events: InputEvent[]): void => {
			for (const event of events) {
				if (event.type === 'key') {
					handleKey(ctx, event.name, event.text);
				} else if (ctx.terminal.mouse && drawn.current) {
					handleMouse(ctx, event, hitTest(event.x, event.y, drawn.current));
				}
			}
		};

		const onInput = (chunk: string | Buffer): void => {
			clearTimeout(wait);
			const {events, waiting} = reader.feed(chunk.toString());
			dispatch(events);
			if (waiting) {
				wait = setTimeout(() => {
					dispatch(reader.flush());
				}, ESCAPE_WAIT_MS);
			}
		};

		setRawMode(true);
		input.on('input', onInput);
		return () => {
			clearTimeout(wait);
			input.off('input', onInput);
			setRawMode(false);
		};
	}, [ctx, drawn, input, setRawMode]);
}

function Screen({layoutBox}: {layoutBox: LayoutBox}): React.JSX.Element {
	const ctx = React.useContext(AppContext)!;
	const model = useModel();
	const view = useView();
	const size = useTerminalSize();
	const drawn = useRef<DrawnScreen>(undefined);
	const shownWindow = useRef<ShownWindow>({start: 0}).current;
	useTerminalInput(ctx, drawn);
	const layout = frameLayout(size.columns, size.rows, view.zoom, naturalListWidth(model, view), shownPanes(model, view.pane).length);
	layoutBox.current = {listRows: layout.listRows, mainRows: layout.mainRows};
	if (layout.tooSmall) {
		drawn.current = undefined;
		return (
			<Box width={size.columns} height={Math.max(1, size.rows - 1)}>
				<Text wrap="wrap">
					{t('berth needs a terminal of at least {min}; this one is {size}. Enlarge it, or press q to quit.', {min: `${MIN_COLUMNS}${glyph.times}${MIN_ROWS}`, size: `${size.columns}${glyph.times}${size.rows}`})}
				</Text>
			</Box>
		);
	}

	let body: React.JSX.Element;
	let panes = false;
	const main = view.dialog ? (
		<Box width={layout.mainWidth} height={layout.mainRows + 1} flexDirection="column">
			<Dialog dialog={view.dialog} width={layout.mainWidth} rows={layout.mainRows + 1} />
		</Box>
	) : (
		<MainArea model={model} view={view} width={layout.mainWidth} rows={layout.mainRows} />
	);
	if (engineUnreachable(model) && !view.dialog && !view.help && !view.palette) {
		body = <Unreachable model={model} width={layout.width} rows={layout.bodyRows} />;
	} else if (view.palette && !view.dialog) {
		body = <Palette palette={view.palette} model={model} recent={view.paletteRecent} width={layout.width} rows={layout.bodyRows} />;
	} else if (view.help) {
		body = <Help model={model} view={view} width={layout.width} rows={layout.bodyRows} />;
	} else if (view.dialog?.kind === 'form' || view.dialog?.wide) {
		// A form has many fields, a wide dialog long lines: they take the whole body rather than the main area.
		body = <Dialog dialog={view.dialog} width={layout.width} rows={layout.bodyRows} />;
	} else if (view.zoom === 'main') {
		panes = true;
		body = main;
	} else if (view.zoom === 'list' && layout.sideBySide) {
		panes = true;
		body = <PaneColumn model={model} view={view} width={layout.width} rows={layout.listRows} />;
	} else if (view.zoom === 'list') {
		panes = true;
		body = (
			<Box flexDirection="column" height={layout.bodyRows}>
				<PaneBar model={model} view={view} width={layout.width} />
				<FocusedList model={model} view={view} rows={layout.listRows} width={layout.width} />
			</Box>
		);
	} else if (layout.sideBySide) {
		panes = true;
		body = (
			<Box flexDirection="row" height={layout.bodyRows}>
				<PaneColumn model={model} view={view} width={layout.listWidth} rows={layout.listRows} />
				<Box borderStyle={box.style} borderTop={false} borderBottom={false} borderRight={false} borderColor={tone.border.color} borderDimColor={tone.border.dimColor} paddingLeft={0}>
					{main}
				</Box>
			</Box>
		);
	} else {
		panes = true;
		body = (
			<Box flexDirection="column" height={layout.bodyRows}>
				<PaneBar model={model} view={view} width={layout.width} />
				<FocusedList model={model} view={view} rows={layout.listRows} width={layout.width} />
				{main}
			</Box>
		);
	}

	drawn.current = {layout, model, view, window: shownWindow, panes};
	return (
		<Box flexDirection="column" width={layout.width} height={layout.height}>
			<Box height={layout.bodyRows}>
				<ShownWindowContext.Provider value={shownWindow}>{body}</ShownWindowContext.Provider>
			</Box>
			<MessageLine model={model} view={view} width={layout.width} />
			<StatusBar model={model} view={view} width={layout.width} />
		</Box>
	);
}

export function App({ctx, layoutBox}: {ctx: ActionContext; layoutBox: LayoutBox}): React.JSX.Element {
	// Another engine taken up: everything below is drawn afresh on its log follower, stats and events.
	const generation = useStore(ctx.engines);
	return (
		<AppContext.Provider value={ctx}>
			<Screen key={generation} layoutBox={layoutBox} />
		</AppContext.Provider>
	);
}
