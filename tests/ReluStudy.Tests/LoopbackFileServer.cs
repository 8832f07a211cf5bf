using System.Net;
using System.Net.Sockets;

namespace ReluStudy.Tests;

/// <summary>Serves the files of one folder (and its subfolders) on 127.0.0.1 (no test touches the internet).</summary>
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
                string relative = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath.TrimStart('/'));
                string path = Path.GetFullPath(Path.Combine(folder, relative));
                if (Directory.Exists(path)) path = Path.Combine(path, "index.html");
                if (path.StartsWith(Path.GetFullPath(folder), StringComparison.Ordinal) && File.Exists(path))
                {
                    byte[] body = await File.ReadAllBytesAsync(path);
                    context.Response.ContentType = Path.GetExtension(path) switch
                    {
                        ".html" => "text/html; charset=utf-8",
                        ".js" => "application/javascript",
                        ".css" => "text/css",
                        ".csv" or ".md" => "text/plain; charset=utf-8",
                        _ => "application/octet-stream",
                    };
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
