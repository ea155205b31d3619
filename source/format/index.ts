export {sanitize, sanitizeLogLine, paletteColor, type StyleRun, type StyledLine, type TextStyle} from './sanitize.js';
export {textWidth, truncate, pad, wrapLine} from './width.js';
export {
	humanDuration,
	localDuration,
	parseStatus,
	formatStatus,
	formatAge,
	type ParsedStatus,
	type StatusKind,
	type Health,
} from './duration.js';
export {formatSize, formatBinary, formatRate} from './bytes.js';
export {formatPorts, type PortEntry} from './ports.js';
export {stateStyle, shortId, type StateKind, type StateStyle} from './state-style.js';
export {splitArgs, type SplitArgs} from './argv.js';
export {errorText} from './error-text.js';
export {compareText} from './compare.js';
