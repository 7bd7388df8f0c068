using IotStack.Maintenance.Hosts;

namespace IotStack.Maintenance.Tests.Hosts;

public sealed class HostInventoryTests
{
    private static HostOptions Host(string name, params string[] groups) => new() { Name = name, Address = "10.0.0.1", Groups = groups.ToList() };

    [Fact]
    public void Resolve_GroupName_ReturnsMembersSortedByName()
    {
        var inventory = new HostInventory([Host("b", "edge"), Host("a", "edge", "lab"), Host("c", "lab")]);

        Assert.Equal(["a", "b"], inventory.Resolve("EDGE").Select(h => h.Name));
    }

    [Fact]
    public void Resolve_HostName_ReturnsThatHost()
    {
        var inventory = new HostInventory([Host("a", "edge")]);

        Assert.Equal("a", Assert.Single(inventory.Resolve("A")).Name);
        Assert.Empty(inventory.Resolve("nobody"));
    }

    [Fact]
    public void Constructor_DuplicateName_Throws()
    {
        Assert.Throws<MaintenanceConfigurationException>(() => new HostInventory([Host("a"), Host("A")]));
    }

    [Fact]
    public void Matches_PinnedWithOrWithoutPadding_ComparesExactly()
    {
        Assert.True(HostKeyPin.Matches("SHA256:abcDEF+/0", "abcDEF+/0"));
        Assert.True(HostKeyPin.Matches("SHA256:abcDEF+/0=", "abcDEF+/0"));
        Assert.False(HostKeyPin.Matches("SHA256:abcdef+/0", "abcDEF+/0"));
        Assert.False(HostKeyPin.Matches("", "abcDEF+/0"));
    }
}
