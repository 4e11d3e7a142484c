export { type Listener, type Notification, NotificationHub } from './notification-hub.js';
