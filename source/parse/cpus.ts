import {wholeNumber, type Field} from './field.js';
import {t} from '../i18n/translate.js';

const DECIMAL = /^(\d*)(?:\.(\d*))?$/;
const NANO_DIGITS = 9;

/** `--cpus`: a decimal number of CPUs, e.g. `1.5`, as the engine's NanoCpus (exact, no float rounding). */
export function parseCpus(text: string, field = 'cpus'): Field<number> {
	const cpus = text.trim();
	const match = DECIMAL.exec(cpus);
	const [whole = '', fraction = ''] = match ? match.slice(1) : [];
	if (!match || whole + fraction === '') {
		return {error: t('{field}: {cpus} is not a number of CPUs (e.g. 1.5)', {field, cpus})};
	}
	if (fraction.replace(/0+$/, '').length > NANO_DIGITS) {
		return {error: t('{field}: {cpus} is too precise (at most {digits} decimals)', {field, cpus, digits: NANO_DIGITS})};
	}
	return {value: Number(whole || '0') * 10 ** NANO_DIGITS + Number(fraction.padEnd(NANO_DIGITS, '0').slice(0, NANO_DIGITS))};
}

/** NanoCpus as the decimal `--cpus` takes: 1500000000 → "1.5". */
export function formatCpus(nanoCpus: number): string {
	const whole = Math.trunc(nanoCpus / 10 ** NANO_DIGITS);
	const fraction = String(nanoCpus % 10 ** NANO_DIGITS).padStart(NANO_DIGITS, '0').replace(/0+$/, '');
	return fraction === '' ? String(whole) : `${whole}.${fraction}`;
}

/** `--cpuset-cpus`: CPU numbers and ranges, `0-3`, `0,1`, `0-1,4`. */
export function parseCpuset(text: string, field = 'cpuset-cpus'): Field<string> {
	const cpuset = text.trim();
	for (const item of cpuset.split(',')) {
		const [first, last = first, extra] = item.split('-');
		const from = wholeNumber(first ?? '', 0, 4096);
		const to = wholeNumber(last ?? '', 0, 4096);
		if (from === undefined || to === undefined || from > to || extra !== undefined) {
			return {error: t('{field}: {cpuset} is not a list of CPUs (e.g. 0-3 or 0,1)', {field, cpuset})};
		}
	}
	return {value: cpuset};
}

/** `--cpu-shares`: a relative weight, a whole number. */
export function parseCpuShares(text: string, field = 'cpu-shares'): Field<number> {
	const value = wholeNumber(text.trim(), 0, 2 ** 53);
	return value === undefined ? {error: t('{field}: {text} is not a whole number', {field, text: text.trim()})} : {value};
}
