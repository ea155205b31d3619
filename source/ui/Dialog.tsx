import React from 'react';
import {Box, Text} from 'ink';
import type {Dialog as DialogState} from '../store/view-store.js';

interface Props {
	dialog: DialogState;
	width: number;
}

function hints(dialog: DialogState): string {
	switch (dialog.kind) {
		case 'confirm': {
			return ['Enter/y: yes', 'Esc/n: no', ...dialog.toggles.map(toggle => `${toggle.key}: ${toggle.id}`)].join(' · ');
		}

		case 'choice': {
			return '↑↓ choose · Enter or 1-9: pick · Esc: cancel';
		}

		case 'text': {
			return 'Enter: ok · Esc: cancel';
		}
	}
}

/** An action's question. Its text is already safe: actions build it from sanitised names. */
export function Dialog({dialog, width}: Props): React.JSX.Element {
	const boxWidth = Math.min(width, 72);
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={dialog.kind === 'confirm' ? 'red' : 'cyan'} width={boxWidth} paddingX={1}>
			<Text bold wrap="truncate">
				{dialog.title}
			</Text>
			{dialog.kind === 'confirm'
				? dialog.toggles.map(toggle => (
						<Text key={toggle.id} wrap="truncate">
							[{toggle.on ? 'x' : ' '}] {toggle.key}: {toggle.label}
						</Text>
					))
				: null}
			{dialog.kind === 'choice'
				? dialog.choices.map((choice, index) => (
						<Text key={choice.value} inverse={index === dialog.index} wrap="truncate">
							{index + 1}. {choice.label}
						</Text>
					))
				: null}
			{dialog.kind === 'text' ? (
				<>
					<Text wrap="truncate">
						{'> '}
						{dialog.text}
						<Text inverse> </Text>
					</Text>
					{dialog.error ? (
						<Text color="red" wrap="wrap">
							{dialog.error}
						</Text>
					) : null}
				</>
			) : null}
			<Text dimColor wrap="truncate">
				{hints(dialog)}
			</Text>
		</Box>
	);
}
