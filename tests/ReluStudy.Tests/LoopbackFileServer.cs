using System.Net;
using System.Net.Sockets;

namespace ReluStudy.Tests;

/// <summary>Serves the files of one folder on 127.0.0.1 (no test touches the internet).</summary>
internal sealed class LoopbackFileServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public LoopbackFileServer(string folder)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(BaseUrl);
        _listener.Start();
        _loop = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception) { return; }
                string path = Path.Combine(folder, Path.GetFileName(context.Request.Url!.AbsolutePath));
                if (File.Exists(path))
                {
                    byte[] body = await File.ReadAllBytesAsync(path);
                    context.Response.ContentLength64 = body.Length;
                    await context.Response.OutputStream.WriteAsync(body);
                }
                else context.Response.StatusCode = 404;
                context.Response.Close();
            }
        });
    }

    public string BaseUrl { get; }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
