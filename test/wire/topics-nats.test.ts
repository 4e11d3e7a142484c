/** The topic suite on the NATS JetStream backend (JAMMI_TEST_NATS_URL; skipped with a printed reason when unset). */
import { natsBackend } from '../helpers/topics.js';
import { topicSuite } from './topics.case.js';

topicSuite(natsBackend());
