import type {PaneListProps} from './ListView.js';
import React, {useEffect} from 'react';
import type {ModelState} from '../../store/model-store.js';
import {projectDefinitions} from '../../store/project-drift.js';
import {selectProjects} from '../../store/projects.js';
import {viewProjectRows} from '../../store/selectors.js';
import {useApp} from '../app-context.js';
import {useStore} from '../hooks.js';
import {ObjectList} from './ObjectList.js';
import {PROJECT_TABLE, type Definitions} from './project-columns.js';

/**
 * Each project's definition from its config files, kept current while the component is shown (the
 * list, or the main area alone in full screen).
 */
export function useProjectDefinitions(model: ModelState): Definitions {
	const {engine} = useApp();
	const definitions = projectDefinitions(engine);
	const projects = selectProjects(model.containers);
	useEffect(() => definitions.hold(), [definitions]);
	useEffect(() => {
		definitions.show(projects);
	}, [definitions, projects]);
	return useStore(definitions);
}

type Props = PaneListProps;

/**
 * Compose projects with their services beneath. While it is shown, each project's config files are
 * read through the compose CLI (in the background, one project at a time) to tell what drifted.
 */
export function ProjectList(props: Props): React.JSX.Element {
	const loaded = useProjectDefinitions(props.model);
	return <ObjectList table={PROJECT_TABLE} items={viewProjectRows(props.model, props.view)} context={loaded} {...props} />;
}
