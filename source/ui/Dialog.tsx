import React from 'react';
import {Box, Text} from 'ink';
import {pad, sanitize, truncate, wrapLine} from '../format/index.js';
import {shownChoices, type Dialog as DialogState, type FormState} from '../store/view-store.js';
import {tone} from './theme.js';
import {glyph, box} from './glyphs.js';
import {t} from '../i18n/translate.js';

interface Props {
	dialog: DialogState;
	width: number;
	/** Rows it may take; a form taller than this scrolls to keep the field being edited in view. */
	rows: number;
}

function hints(dialog: DialogState): string {
	switch (dialog.kind) {
		case 'confirm': {
			// Each toggle's row above says what it does, in the user's language: the hint only names the keys.
			const toggles = dialog.toggles.length === 0 ? [] : [t('{keys}: tick or untick', {keys: dialog.toggles.map(toggle => toggle.key).join('/')})];
			return [t('Enter/y: yes'), t('Esc/n: no'), ...toggles].join(` ${glyph.separator} `);
		}

		case 'choice': {
			const steps = dialog.filter === undefined ? [`${glyph.up}${glyph.down} ${t('choose')}`, t('Enter or 1-9: pick'), t('Esc: cancel')] : [t('type to narrow'), `${glyph.up}${glyph.down} ${t('choose')}`, t('Enter: pick'), t('Esc: cancel')];
			return steps.join(` ${glyph.separator} `);
		}

		case 'text': {
			// A prompt often comes filled in (the old name, the selected tag): Ctrl-U clears it, as in a form.
			return [t('Enter: ok'), t('Ctrl-U: clear'), t('Esc: cancel')].join(` ${glyph.separator} `);
		}

		case 'form': {
			return [`Tab/${glyph.down} ${t('next')}`, `S-Tab/${glyph.up} ${t('back')}`, t('Enter: next (new line in lists)'), t('Space: toggle'), t('Ctrl-U: clear'), `Ctrl-S: ${dialog.submitLabel.toLowerCase()}`, t('Esc: cancel')].join(` ${glyph.separator} `);
		}
	}
}

/**
 * An empty field's hint, dimmed. The cursor sits on its first character rather than before it, so
 * the hint starts in the column every other field's value starts in.
 */
function Placeholder({text, width, cursor}: {text: string; width: number; cursor: boolean}): React.JSX.Element {
	const shown = truncate(sanitize(text), width);
	if (!cursor) {
		return <Text dimColor>{shown}</Text>;
	}

	const [first = ' ', ...rest] = shown;
	return (
		<>
			<Text inverse>{first}</Text>
			<Text dimColor>{rest.join('')}</Text>
		</>
	);
}

/** Width of the field labels column. */
const LABEL_WIDTH = 16;

interface FormLine {
	key: string;
	field: number;
	element: React.JSX.Element;
}

/** Every line of a form: each field's lines, its error, then the submit button. */
function formLines(form: FormState, width: number): FormLine[] {
	const valueWidth = Math.max(8, width - LABEL_WIDTH - 3);
	const lines: FormLine[] = [];
	for (const [index, field] of form.fields.entries()) {
		const current = index === form.index;
		const label = pad(field.label, LABEL_WIDTH);
		const prefix = (
			<Text color={current ? tone.accent.color : undefined} bold={current}>
				{current ? glyph.pointer : ' '}
				{label}{' '}
			</Text>
		);
		if (field.kind === 'toggle') {
			lines.push({
				key: field.id,
				field: index,
				element: (
					<Text wrap="truncate">
						{prefix}[{field.text === 'true' ? 'x' : ' '}]
					</Text>
				),
			});
		} else {
			// Fields may be filled from an engine's data: shown sanitised, kept as they are.
			const values = field.kind === 'secret' ? [glyph.secret.repeat(field.text.length)] : field.text.split('\n').map(line => sanitize(line));
			for (const [row, value] of values.entries()) {
				const last = row === values.length - 1;
				const empty = field.text === '' && field.placeholder;
				lines.push({
					key: `${field.id}:${row}`,
					field: index,
					element: (
						<Text wrap="truncate">
							{row === 0 ? prefix : ' '.repeat(LABEL_WIDTH + 2)}
							{empty ? <Placeholder text={field.placeholder ?? ''} width={valueWidth} cursor={current} /> : truncate(value, current && last ? valueWidth - 1 : valueWidth)}
							{current && last && !empty ? <Text inverse> </Text> : null}
						</Text>
					),
				});
			}
		}

		const error = form.errors[field.id];
		if (error !== undefined && (field.text !== '' || form.attempted)) {
			// A narrow terminal still shows the whole reason, on a second line if need be.
			for (const [row, part] of wrapLine(`${glyph.errorArrow} ${sanitize(error)}`, valueWidth).slice(0, 2).entries()) {
				lines.push({
					key: `${field.id}:error:${row}`,
					field: index,
					element: (
						<Text {...tone.error} wrap="truncate">
							{' '.repeat(LABEL_WIDTH + 2)}
							{row === 1 ? truncate(part, valueWidth) : part}
						</Text>
					),
				});
			}
		}
	}

	const onButton = form.index === form.fields.length;
	lines.push({
		key: 'submit',
		field: form.fields.length,
		element: (
			<Text wrap="truncate">
				{' '.repeat(LABEL_WIDTH + 2)}
				<Text inverse={onButton} bold color={onButton ? tone.accent.color : undefined}>
					[ {form.submitLabel} ]
				</Text>
			</Text>
		),
	});
	return lines;
}

/** The lines to show: all when they fit, else a window that holds the current field's lines. */
function windowOf(lines: readonly FormLine[], current: number, rows: number): FormLine[] {
	if (lines.length <= rows) {
		return [...lines];
	}

	const first = lines.findIndex(line => line.field === current);
	const last = first + lines.filter(line => line.field === current).length - 1;
	const start = Math.max(0, Math.min(first, last - rows + 1, lines.length - rows));
	return lines.slice(start, start + rows);
}

function Form({form, width, rows}: {form: FormState; width: number; rows: number}): React.JSX.Element {
	const inner = width - 4;
	const notes: React.JSX.Element[] = [];
	if (form.busy) {
		notes.push(
			<Text key="busy" {...tone.warning} wrap="truncate">
				{glyph.busy} {form.busy} {t('(Esc leaves it to finish behind)')}
			</Text>,
		);
	}

	if (form.refusal) {
		for (const [index, line] of wrapLine(`${glyph.cross} ${form.refusal}`, inner).slice(0, 3).entries()) {
			notes.push(
				<Text key={`refusal:${index}`} {...tone.error}>
					{line}
				</Text>,
			);
		}
	}

	const preview = form.preview ? wrapLine(sanitize(form.preview), inner).slice(0, 3) : [];
	// Borders, title, hints, the notes and the command line take their rows; the fields get the rest.
	const fieldRows = Math.max(3, rows - 4 - notes.length - preview.length);
	const lines = windowOf(formLines(form, inner), form.index, fieldRows);
	return (
		<>
			{lines.map(line => (
				<React.Fragment key={line.key}>{line.element}</React.Fragment>
			))}
			{notes}
			{preview.map((line, index) => (
				<Text key={`preview:${index}`} {...tone.muted}>
					{line}
				</Text>
			))}
		</>
	);
}

/** A confirmation's list of what it would do; what does not fit is counted. */
function Items({lines, rows}: {lines: readonly string[]; rows: number}): React.JSX.Element | null {
	if (lines.length === 0) {
		return null;
	}

	const fit = Math.max(1, lines.length > rows ? rows - 1 : rows);
	return (
		<>
			{lines.slice(0, fit).map((line, index) => (
				<Text key={index} wrap="truncate">
					{'  '}
					{sanitize(line)}
				</Text>
			))}
			{lines.length > fit ? <Text {...tone.muted}>{`  ${glyph.ellipsis} ${t('and {count} more', {count: lines.length - fit})}`}</Text> : null}
		</>
	);
}

type ChoiceDialog = Extract<DialogState, {kind: 'choice'}>;

/** The choices in a window around the current one; a long list shows its filter above. */
function Choices({dialog, rows}: {dialog: ChoiceDialog; rows: number}): React.JSX.Element {
	const choices = shownChoices(dialog);
	const searchable = dialog.filter !== undefined;
	const fit = Math.max(1, rows - (searchable ? 1 : 0));
	const start = Math.max(0, Math.min(dialog.index - Math.floor(fit / 2), choices.length - fit));
	return (
		<>
			{searchable ? (
				<Text wrap="truncate">
					<Text {...tone.accent}>{`${t('filter')}: `}</Text>
					{dialog.filter}
					<Text inverse> </Text>
					<Text {...tone.muted}>{` ${t('{shown} of {count}', {shown: choices.length, count: dialog.choices.length})}`}</Text>
				</Text>
			) : null}
			{choices.slice(start, start + fit).map((choice, offset) => (
				<Text key={choice.value} inverse={start + offset === dialog.index} wrap="truncate">
					{searchable ? '' : `${start + offset + 1}. `}
					{sanitize(choice.label)}
				</Text>
			))}
		</>
	);
}

/** An action's question. Its texts are filled from engine data too (names, tags, subnets): all shown sanitised. */
export function Dialog({dialog, width, rows}: Props): React.JSX.Element {
	const boxWidth = dialog.kind === 'form' || dialog.wide ? width : Math.min(width, 72);
	return (
		<Box flexDirection="column" borderStyle={box.round} borderColor={dialog.kind === 'confirm' ? tone.error.color : tone.accent.color} width={boxWidth} paddingX={1}>
			<Text bold wrap="truncate">
				{sanitize(dialog.title)}
			</Text>
			{dialog.kind === 'confirm' ? <Items lines={dialog.lines ?? []} rows={rows - 4 - dialog.toggles.length} /> : null}
			{dialog.kind === 'confirm'
				? dialog.toggles.map(toggle => (
						<Text key={toggle.id} wrap="truncate">
							[{toggle.on ? 'x' : ' '}] {toggle.key}: {toggle.label}
						</Text>
					))
				: null}
			{dialog.kind === 'choice' ? <Choices dialog={dialog} rows={rows - 4} /> : null}
			{dialog.kind === 'text' ? (
				<>
					<Text wrap="truncate">
						{'> '}
						{sanitize(dialog.text)}
						<Text inverse> </Text>
					</Text>
					{dialog.error ? (
						<Text {...tone.error} wrap="wrap">
							{sanitize(dialog.error)}
						</Text>
					) : null}
				</>
			) : null}
			{dialog.kind === 'form' ? <Form form={dialog} width={boxWidth} rows={rows} /> : null}
			<Text {...tone.muted} wrap="truncate">
				{hints(dialog)}
			</Text>
		</Box>
	);
}
