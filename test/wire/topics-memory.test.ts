/** The topic suite on the in-process broker backend. */
import { memoryBackend } from '../helpers/topics.js';
import { topicSuite } from './topics.case.js';

topicSuite(memoryBackend());
