namespace IotStack.Maintenance.Tailing;

/// <summary>Where a file tail stands: the file identity (inode) and the byte offset just past the last complete line read.</summary>
internal readonly record struct TailPosition(long Inode, long Offset)
{
    public static readonly TailPosition Unknown = new(0, 0);

    public bool IsKnown => Inode != 0;
}
