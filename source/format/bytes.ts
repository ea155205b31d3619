const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

/** Shown for a size that is not a number, as `docker stats` shows values it lacks. */
const UNKNOWN = '--';

const SIGNIFICANT = 4;

/**
 * A non-negative number with 4 significant digits the way docker's `%.4g` prints it: an exact
 * tie rounds to the even digit, trailing zeros are dropped, and exponents below -4 or from 4 up
 * use e-notation (`1e+04`).
 */
function fourSignificant(value: number): string {
	if (value === 0) {
		return '0';
	}
	let [mantissa = '0', exponentText = '0'] = value.toExponential(SIGNIFICANT - 1).split('e');
	// toExponential rounds an exact half up; 21 digits are enough to see whether it is exact.
	const long = value.toExponential(20);
	if (/^\d\.\d\d[02468]50*e/.test(long)) {
		mantissa = long.slice(0, SIGNIFICANT + 1);
		exponentText = long.slice(long.indexOf('e') + 1);
	}
	const exponent = Number(exponentText);
	const digits = mantissa.replace('.', '').replace(/0+$/, '') || '0';
	if (exponent < -4 || exponent >= SIGNIFICANT) {
		const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
		const exponentDigits = String(Math.abs(exponent)).padStart(2, '0');
		return `${digits[0]}${fraction}e${exponent < 0 ? '-' : '+'}${exponentDigits}`;
	}
	if (exponent < 0) {
		return `0.${'0'.repeat(-exponent - 1)}${digits}`;
	}
	const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
	const fraction = digits.slice(exponent + 1);
	return `${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Sizes formatted lately, by their units: every row formats its limit and most rates (0B) again each second. */
const formatted = new Map<readonly string[], Map<number, string>>();
const FORMATTED_KEPT = 1024;

function humanSize(bytes: number, base: number, units: string[], avoidExponent: boolean): string {
	let sizes = formatted.get(units);
	if (!sizes) {
		sizes = new Map();
		formatted.set(units, sizes);
	}

	let text = sizes.get(bytes);
	if (text === undefined) {
		if (sizes.size >= FORMATTED_KEPT) {
			sizes.clear();
		}

		text = formatSizeOnce(bytes, base, units, avoidExponent);
		sizes.set(bytes, text);
	}

	return text;
}

function formatSizeOnce(bytes: number, base: number, units: string[], avoidExponent: boolean): string {
	if (!Number.isFinite(bytes)) {
		return UNKNOWN;
	}
	let size = Math.abs(bytes);
	let unit = 0;
	while (size >= base && unit < units.length - 1) {
		size /= base;
		unit++;
	}
	let number = fourSignificant(size);
	// Docker's decimal sizes print whole numbers rather than e-notation at the extremes.
	if (avoidExponent && number.includes('e')) {
		number = size.toFixed(0);
	}
	return `${bytes < 0 ? '-' : ''}${number}${units[unit]}`;
}

/** Decimal size as `docker images` and `docker ps -s` show it: "1.234kB", "100MB", "0B". */
export function formatSize(bytes: number): string {
	return humanSize(bytes, 1000, DECIMAL_UNITS, true);
}

/** Binary size as `docker stats` shows memory: "1.5MiB", "512KiB", "0B". */
export function formatBinary(bytes: number): string {
	return humanSize(bytes, 1024, BINARY_UNITS, false);
}

/** A transfer rate in decimal units: "1.2MB/s". */
export function formatRate(bytesPerSecond: number): string {
	return `${formatSize(bytesPerSecond)}/s`;
}
