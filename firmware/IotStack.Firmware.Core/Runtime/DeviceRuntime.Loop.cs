using IotStack.Protocol;

namespace IotStack.Firmware.Runtime
{
    /// <summary>The main-loop iteration: every step is bounded so the watchdog is fed at least once per MaxIdleMs.</summary>
    public sealed partial class DeviceRuntime
    {
        /// <summary>
        /// One iteration: feed the watchdog, keep the connection, handle received messages, sample the
        /// due sensors (checks and findings included), send or queue a due batch, drain a bounded part of
        /// the store-and-forward queue, ship pending log records, heartbeat, give registered components
        /// their slice, and finally carry out a requested reboot.
        /// </summary>
        public void Tick()
        {
            if (stopped)
            {
                return;
            }

            long uptime = clock.UptimeMs;
            board.FeedWatchdog();
            if (link.Maintain(uptime))
            {
                OnConnected(uptime);
            }
            else if (link.JustLost)
            {
                logger.Warning(Source, "connection lost; queueing telemetry");
            }

            DrainInbox();
            sampler.SampleDue(uptime);
            sampler.FlushIfDue(uptime);
            if (transport.IsConnected)
            {
                outbox.Drain(config.MaxQueuedFramesPerTick);
                logger.Ship(this, topics.Log, config.MaxLogRecordsPerTick);
                if (uptime >= nextHeartbeatMs)
                {
                    PublishStatus(State);
                    nextHeartbeatMs = uptime + (settings.HeartbeatSeconds * 1000L);
                }
            }

            for (int i = 0; i < tickables.Count; i++)
            {
                ((ITickable)tickables[i]).Tick(uptime);
            }

            if (processor.RebootRequested)
            {
                RebootNow();
            }
        }

        private void OnConnected(long uptime)
        {
            bool subscribed = transport.Subscribe(topics.Command, inbox);
            for (int i = 0; i < handlerTopics.Count; i++)
            {
                subscribed &= transport.Subscribe((string)handlerTopics[i], inbox);
            }

            if (!subscribed)
            {
                logger.Error(Source, "subscribe refused: commands may not arrive");
            }

            // The retained Online status replaces the last will's Offline at once (protocol: status topic).
            PublishStatus(State);
            nextHeartbeatMs = uptime + (settings.HeartbeatSeconds * 1000L);
            logger.Info(Source, "connected; " + queue.Depth.ToString() + " frames to replay");
        }

        private void DrainInbox()
        {
            string topic;
            int length;
            while ((length = inbox.Take(rx, out topic)) >= 0)
            {
                if (topic == topics.Command)
                {
                    HandleCommand(length);
                    continue;
                }

                bool handled = false;
                for (int i = 0; i < handlerTopics.Count; i++)
                {
                    if ((string)handlerTopics[i] == topic)
                    {
                        ((IMessageHandler)handlers[i]).OnMessage(topic, rx, length);
                        handled = true;
                    }
                }

                if (!handled)
                {
                    logger.Warning(Source, "message on unexpected topic " + topic);
                }
            }

            uint drops = inbox.Dropped;
            if (drops != inboxDropsLogged)
            {
                logger.Warning(Source, "inbox full or message too large: " + (drops - inboxDropsLogged).ToString() + " messages dropped");
                inboxDropsLogged = drops;
            }
        }

        private void HandleCommand(int length)
        {
            DecodeStatus decoded = command.ReadFrom(rx, 0, length);
            if (decoded != DecodeStatus.Ok)
            {
                logger.Warning(Source, "command frame refused: decode status " + ((int)decoded).ToString());
                return;
            }

            processor.Execute(command, reply);
            int frame = reply.WriteTo(tx, 0);
            if (!Publish(topics.CommandReply, tx, 0, frame, false))
            {
                logger.Warning(Source, "reply to command " + command.CommandId.ToString() + " not sent");
            }
        }

        private void PublishStatus(DeviceState state)
        {
            int frame = status.Write(state, tx);
            Publish(topics.Status, tx, 0, frame, true);
        }

        /// <summary>Sends or stores what is pending, announces the reboot (retained) and restarts the board.</summary>
        private void RebootNow()
        {
            sampler.Flush();
            if (transport.IsConnected)
            {
                outbox.Drain(config.MaxQueuedFramesPerTick);
                logger.Ship(this, topics.Log, config.MaxLogRecordsPerTick);
                PublishStatus(DeviceState.Rebooting);
            }

            queue.Commit();
            stopped = true;
            link.Disconnect();
            board.Reboot(ResetReason.Software);
        }
    }
}
