import React from 'react';
import {Box, Text} from 'ink';
import {truncate} from '../../format/index.js';
import type {Job} from '../../store/jobs.js';
import {useNow} from '../hooks.js';
import {jobHead, jobOutput} from './job-lines.js';
import type {TextLine} from './ScrollText.js';

interface Props {
	job: Job;
	width: number;
	rows: number;
	/** Output lines scrolled back from the newest. */
	scrollBack: number;
}

function Line({line, width}: {line: TextLine; width: number}): React.JSX.Element {
	return (
		<Text wrap="truncate" color={line.tone?.color} bold={line.bold || line.tone?.bold} dimColor={line.dim || line.tone?.dimColor}>
			{truncate(line.text, width)}
		</Text>
	);
}

/**
 * A job's progress and output. The head stays; the output keeps its newest lines in view (the
 * tail of a build is where a failure shows) unless scrolled back.
 */
export function JobView({job, width, rows, scrollBack}: Props): React.JSX.Element {
	const now = useNow(job.status === 'running' ? 1000 : undefined);
	const head = jobHead(job, now);
	const shownHead = head.slice(0, Math.max(1, rows - 3));
	const output = jobOutput(job);
	const room = Math.max(0, rows - shownHead.length);
	const end = Math.max(Math.min(room, output.length), output.length - scrollBack);
	const visible = output.slice(Math.max(0, end - room), end);
	return (
		<Box flexDirection="column" width={width} height={rows}>
			{shownHead.map((line, index) => (
				<Line key={`head:${index}`} line={line} width={width} />
			))}
			{visible.map((line, index) => (
				<Line key={`out:${end - visible.length + index}`} line={line} width={width} />
			))}
		</Box>
	);
}
