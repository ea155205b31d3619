import {wholeNumber, type Field} from './field.js';
import {t} from '../i18n/translate.js';

export interface RestartPolicy {
	name: 'no' | 'on-failure' | 'unless-stopped' | 'always';
	/** on-failure only: give up after this many restarts; 0 never gives up. */
	maxRetries: number;
}

const NAMES: readonly string[] = ['no', 'on-failure', 'unless-stopped', 'always'];

/** `no` (or nothing), `on-failure[:N]`, `unless-stopped`, `always`. */
export function parseRestart(text: string, field = 'restart'): Field<RestartPolicy> {
	const policy = text.trim();
	const [name = '', count] = policy.split(':', 2);
	if (policy === '') {
		return {value: {name: 'no', maxRetries: 0}};
	}
	if (!NAMES.includes(name)) {
		return {error: t('{field}: {name} is not a restart policy (use no, on-failure[:N], unless-stopped or always)', {field, name})};
	}
	if (count === undefined) {
		return {value: {name: name as RestartPolicy['name'], maxRetries: 0}};
	}
	if (name !== 'on-failure') {
		return {error: t('{field}: {policy}: only on-failure takes a retry count', {field, policy})};
	}
	const maxRetries = wholeNumber(count, 0, 2 ** 31 - 1);
	return maxRetries === undefined
		? {error: t('{field}: {policy}: the retry count must be a whole number', {field, policy})}
		: {value: {name: 'on-failure', maxRetries}};
}

export function formatRestart(policy: RestartPolicy): string {
	return policy.name === 'on-failure' && policy.maxRetries > 0 ? `on-failure:${policy.maxRetries}` : policy.name;
}
