using System.Runtime.InteropServices;

namespace Orasi.Connectors.Storage;

/// <summary>
/// Atomic no-clobber publication of a file. On Unix this is <c>link(2)</c> (fails with EEXIST when the target exists)
/// followed by removing the source; .NET's <c>File.Move(src, dst, overwrite: false)</c> is not used there because it
/// checks for the target with <c>lstat</c> and then calls <c>rename(2)</c>, which can replace a file created in between.
/// On Windows <c>File.Move</c> without overwrite maps to <c>MoveFileEx</c> without <c>MOVEFILE_REPLACE_EXISTING</c>, which is atomic.
/// </summary>
internal static class NativeFileLink
{
    private const int EEXIST = 17;

    /// <summary>
    /// Moves <paramref name="source"/> to <paramref name="destination"/> only if the destination does not exist.
    /// Returns false (and leaves <paramref name="source"/> in place) when it already exists.
    /// </summary>
    /// <exception cref="UnsupportedFeatureException">The file system does not support hard links.</exception>
    /// <exception cref="IOException">Any other failure.</exception>
    public static bool TryMoveNoReplace(string source, string destination)
    {
        if (OperatingSystem.IsWindows())
        {
            try
            {
                File.Move(source, destination, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(destination) || Directory.Exists(destination))
            {
                return false;
            }
        }

        if (link(source, destination) == 0)
        {
            File.Delete(source);
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == EEXIST)
        {
            return false;
        }

        var reason = Marshal.GetPInvokeErrorMessage(errno);
        if (errno is 1 /* EPERM */ or 18 /* EXDEV */ or 31 /* EMLINK */ or 38 /* ENOSYS */ or 95 /* ENOTSUP */)
        {
            throw new UnsupportedFeatureException(
                $"Cannot publish '{destination}' atomically: the file system does not support hard links ({reason}); " +
                "put the store on a local POSIX file system such as ext4, xfs or tmpfs.");
        }

        throw new IOException($"Could not publish '{destination}' from '{source}': {reason} (errno {errno}).");
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need AllowUnsafeBlocks in the project.
    [DllImport("libc", SetLastError = true, ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int link(
        [MarshalAs(UnmanagedType.LPUTF8Str)] string oldpath,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string newpath);
#pragma warning restore SYSLIB1054
}
