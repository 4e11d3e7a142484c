import { describe, expect, it } from 'vitest';
import { type Notification, NotificationHub } from './notification-hub.js';

const collector = () => {
  const got: Notification[] = [];
  return { got, deliver: (n: Notification) => void got.push(n) };
};

describe('NotificationHub', () => {
  it('delivers each notification to the listeners of its channel, in order', () => {
    const hub = new NotificationHub();
    const a = collector();
    const b = collector();
    hub.listen('orders', a);
    hub.listen('orders', a);
    hub.listen('orders', b);
    hub.listen('audit', b);
    hub.publish([
      { channel: 'orders', payload: '1', senderPid: 7 },
      { channel: 'audit', payload: 'x', senderPid: 7 },
      { channel: 'other', payload: 'y', senderPid: 7 },
    ]);
    expect(a.got.map((n) => n.payload)).toEqual(['1']);
    expect(b.got.map((n) => `${n.channel}:${n.payload}`)).toEqual(['orders:1', 'audit:x']);
  });

  it('stops delivering after unlisten and unlistenAll', () => {
    const hub = new NotificationHub();
    const a = collector();
    hub.listen('c1', a);
    hub.listen('c2', a);
    hub.unlisten('c1', a);
    hub.publish([{ channel: 'c1', payload: 'no', senderPid: 1 }, { channel: 'c2', payload: 'yes', senderPid: 1 }]);
    hub.unlistenAll(a);
    hub.publish([{ channel: 'c2', payload: 'no', senderPid: 1 }]);
    expect(a.got.map((n) => n.payload)).toEqual(['yes']);
  });
});
