import {useEffect, useState} from 'react';
import {Observable} from '../../store/observable.js';
import {Resource, type ResourceState} from '../../store/resource.js';
import {useStore} from '../hooks.js';

const IDLE = new Observable<ResourceState<never>>({status: 'loading'});

/**
 * Loads `load()` for as long as the component shows `key`, refreshing every `refreshMs` if given;
 * a new key closes the old resource first, so a late answer for the old object is never shown.
 */
export function useResource<T>(key: string, load: () => Promise<T>, refreshMs?: number): ResourceState<T> {
	const [resource, setResource] = useState<Resource<T>>();
	useEffect(() => {
		const next = new Resource(load, refreshMs);
		setResource(next);
		return () => {
			next.close();
		};
		// `load` is a new function on every render; `key` says when it loads something else.
	}, [key, refreshMs]);
	return useStore<ResourceState<T>>(resource ?? IDLE);
}
