using System.Buffers;
using System.Collections.Concurrent;
using MQTTnet;
using nanoFramework.M2Mqtt.Messages;

namespace nanoFramework.M2Mqtt;

/// <summary>The worker threads and the closing path: what a leaked client keeps running, and what Close ends.</summary>
public partial class MqttClient
{
    private const int JoinTimeoutMs = 1000;

    private readonly List<Thread> workers = [];
    private readonly BlockingCollection<Action> events = new();
    private readonly BlockingCollection<Action> inflight = new();
    private readonly ManualResetEventSlim closed = new(false);
    private readonly ManualResetEventSlim closeDone = new(false);
    private bool closing;
    private volatile bool disconnecting;

    /// <summary>Ends the workers (bounded wait), closes the socket without DISCONNECT and clears the queues.</summary>
    public void Close()
    {
        IMqttClient? client;
        Thread[] running;
        lock (gate)
        {
            if (closing)
            {
                // Another thread is closing (the dispatch thread after a lost connection): wait for it, unless this is
                // one of the workers it is waiting for.
                if (!workers.Contains(Thread.CurrentThread))
                {
                    closeDone.Wait(JoinTimeoutMs * 4);
                }

                return;
            }

            closing = true;
            client = wire;
            wire = null;
            running = workers.ToArray();
        }

        IsConnected = false;
        closed.Set();
        events.CompleteAdding();
        inflight.CompleteAdding();
        foreach (Thread worker in running)
        {
            if (worker != Thread.CurrentThread)
            {
                worker.Join(JoinTimeoutMs);
            }
        }

        if (client is not null)
        {
            client.ApplicationMessageReceivedAsync -= OnMessageAsync;
            client.DisconnectedAsync -= OnDisconnectedAsync;
            client.Dispose(); // no DISCONNECT: the broker publishes the will
        }

        boot.Board.SocketClosed(this);
        closeDone.Set();
    }

    private void StartWorker(Action loop, string name)
    {
        var thread = new Thread(() =>
        {
            boot.Board.ThreadStarted();
            try
            {
                loop();
            }
            finally
            {
                boot.Board.ThreadEnded();
            }
        })
        {
            IsBackground = true,
            Name = name,
        };
        lock (gate)
        {
            workers.Add(thread);
        }

        thread.Start();
    }

    /// <summary>Stands for M2Mqtt's receive thread, which lives from the socket's opening to Close.</summary>
    private void ReceiveLoop() => closed.Wait();

    private void DispatchLoop()
    {
        foreach (Action raise in events.GetConsumingEnumerable())
        {
            if (closed.IsSet)
            {
                break; // closed: M2Mqtt clears its event queue, nothing more is raised
            }

            try
            {
                raise();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // M2Mqtt does not guard its handlers either, but a throwing handler must not kill the host here.
                System.Diagnostics.Debug.WriteLine("m2mqtt handler threw: " + e.Message);
            }
        }
    }

    private void InflightLoop()
    {
        foreach (Action send in inflight.GetConsumingEnumerable())
        {
            send();
        }
    }

    private void Raise(Action raise)
    {
        try
        {
            events.Add(raise);
        }
        catch (InvalidOperationException)
        {
            // Closed: events after Close are dropped, as M2Mqtt clears its queues.
        }
    }

    /// <summary>The network went away under the client (Wi-Fi lost, board reset).</summary>
    private void Abort()
    {
        IMqttClient? client;
        lock (gate)
        {
            client = wire;
        }

        client?.Dispose();
        ConnectionLost();
    }

    private void ConnectionLost()
    {
        if (!IsConnected || disconnecting)
        {
            return;
        }

        IsConnected = false;
        Raise(() =>
        {
            ConnectionClosed?.Invoke(this, EventArgs.Empty);
            Close(); // M2Mqtt's dispatch thread closes the client after a lost connection
        });
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        ConnectionLost();
        return Task.CompletedTask;
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        MqttApplicationMessage message = e.ApplicationMessage;
        byte[] payload = message.Payload.IsEmpty ? [] : message.Payload.ToArray();
        var args = new MqttMsgPublishEventArgs(message.Topic, payload, message.Dup, (MqttQoSLevel)(int)message.QualityOfServiceLevel, message.Retain);
        Raise(() => MqttMsgPublishReceived?.Invoke(this, args));
        return Task.CompletedTask;
    }
}
