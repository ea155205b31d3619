import type {Field} from './field.js';
import {t} from '../i18n/translate.js';

/** An image reference split the way the engine reads it. */
export interface ImageReference {
	/** Registry host[:port], when the first path component names one. */
	domain?: string;
	/** Repository path below the domain, e.g. "library/nginx" or "berth-test/busybox". */
	path: string;
	tag?: string;
	digest?: string;
}

// The grammar of github.com/distribution/reference.
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_NAME = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*$/;
const IPV6_DOMAIN = /^\[[a-fA-F0-9:]+\]$/;
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const SHA256 = /^sha256:[0-9a-f]{64}$/;
const MAX_NAME = 255;

/** Whether the first path component names a registry rather than a repository (docker's rule). */
function isDomain(component: string): boolean {
	return /[.:]/.test(component) || component === 'localhost' || component !== component.toLowerCase();
}

function validDomain(domain: string): boolean {
	const colon = domain.lastIndexOf(':');
	const [host, port] = colon > domain.lastIndexOf(']') ? [domain.slice(0, colon), domain.slice(colon + 1)] : [domain, undefined];
	return (DOMAIN_NAME.test(host) || IPV6_DOMAIN.test(host)) && (port === undefined || /^\d+$/.test(port));
}

/** `name`, `name:tag`, `name@sha256:…`, `host:port/path/name:tag@digest`. */
export function parseReference(text: string, field = 'image'): Field<ImageReference> {
	const reference = text.trim();
	const values = {field, reference};
	if (reference === '') {
		return {error: t('{field}: an image is required', {field})};
	}
	let rest = reference;
	let digest: string | undefined;
	const at = rest.indexOf('@');
	if (at !== -1) {
		digest = rest.slice(at + 1);
		rest = rest.slice(0, at);
		if (!DIGEST.test(digest) || (digest.startsWith('sha256:') && !SHA256.test(digest))) {
			return {error: t('{field}: {reference} has an invalid digest (use sha256: and 64 lowercase hex digits)', values)};
		}
	}
	// A colon after the last slash starts the tag; one before it belongs to a registry port.
	let tag: string | undefined;
	const colon = rest.lastIndexOf(':');
	if (colon > rest.lastIndexOf('/')) {
		tag = rest.slice(colon + 1);
		rest = rest.slice(0, colon);
		if (!TAG.test(tag)) {
			return {error: t('{field}: {reference} has an invalid tag (letters, digits, _ . -; at most 128, not starting with . or -)', values)};
		}
	}
	const components = rest.split('/');
	const domain = components.length > 1 && isDomain(components[0] ?? '') ? components.shift() : undefined;
	if (domain !== undefined && !validDomain(domain)) {
		return {error: t('{field}: {reference} has an invalid registry {domain}', {...values, domain})};
	}
	if (rest.length > MAX_NAME) {
		return {error: t('{field}: {reference} is longer than {max} characters', {...values, max: MAX_NAME})};
	}
	for (const component of components) {
		if (!COMPONENT.test(component)) {
			return {
				error:
					component.toLowerCase() !== component && COMPONENT.test(component.toLowerCase())
						? t('{field}: {reference} must be lowercase', values)
						: t('{field}: {reference} has an invalid name part "{part}" (lowercase letters and digits, separated by . _ __ or -)', {...values, part: component}),
			};
		}
	}
	return {
		value: {
			...(domain === undefined ? {} : {domain}),
			path: components.join('/'),
			...(tag === undefined ? {} : {tag}),
			...(digest === undefined ? {} : {digest}),
		},
	};
}
