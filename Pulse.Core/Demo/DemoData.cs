namespace Pulse.Core.Demo;

/// <summary>The demo's fixed content: seed 003's sample hierarchy and content, and a few engineering records per tenant.</summary>
internal static class DemoData
{
    public static readonly (string Name, string Slug)[] Tenants = [("Acme Analytics", "acme"), ("Globex Engineering", "globex")];

    public static readonly (string Email, string Role, string? TenantSlug, string DisplayName)[] Users =
    [
        ("admin@pulse.local", Tenancy.PulseRoles.PlatformAdmin, null, "Platform Admin"),
        ("owner@acme.test", Tenancy.PulseRoles.TenantOwner, "acme", "Acme Owner"),
        ("analyst@acme.test", Tenancy.PulseRoles.Analyst, "acme", "Acme Analyst"),
        ("ops@acme.test", Tenancy.PulseRoles.Ops, "acme", "Acme Ops"),
        ("owner@globex.test", Tenancy.PulseRoles.TenantOwner, "globex", "Globex Owner"),
    ];

    public static readonly (string Branch, string Limb, string Leaf, string Description)[] Religion =
    [
        ("Christianity", "Protestant-Baptist", "Doctrines", "Core Baptist doctrines: believer's baptism, soul liberty, congregational polity"),
        ("Christianity", "Protestant-Baptist", "Practices", "Worship, ordinances and church life in Baptist congregations"),
        ("Christianity", "Catholic", "Theology", "Catholic systematic theology: sacraments, tradition and magisterium"),
        ("Islam", "Sunni", "Beliefs", "The six articles of faith and the five pillars in Sunni Islam"),
        ("Judaism", "Orthodox", "Traditions", "Halakha, Shabbat and festival observance in Orthodox Judaism"),
        ("Buddhism", "Theravada", "Teachings", "The Four Noble Truths, the Eightfold Path and the Pali Canon"),
    ];

    public static readonly (string Branch, string Limb, string Leaf, string Description)[] Science =
    [
        ("Physics", "Quantum-Mechanics", "Theories", "Interpretations and formal theories of quantum mechanics"),
        ("Physics", "Relativity", "Experiments", "Experimental tests of special and general relativity"),
        ("Biology", "Genetics", "Heredity", "Mechanisms of inheritance"),
    ];

    /// <summary>Content rows: (hierarchy table, leaf path, content type, title, summary, chunk).</summary>
    public static readonly (string Table, string Leaf, string Type, string Title, string Summary, int Chunk)[] Content =
    [
        ("religion_hierarchy", "Protestant-Baptist/Doctrines", "Doctrine", "Believer's Baptism and Salvation",
            "Baptists hold that baptism follows a personal confession of faith: it is an outward sign of an inward salvation by grace through faith, not its cause. Immersion pictures death, burial and resurrection with Christ, which is why infants are not baptized.", 1),
        ("religion_hierarchy", "Protestant-Baptist/Doctrines", "Doctrine", "Believer's Baptism and Salvation",
            "The doctrine shapes membership: a local church is a gathered body of baptized believers. Historic confessions such as the 1689 London Baptist Confession tie baptism, the Lord's Supper and church discipline to this regenerate membership.", 2),
        ("religion_hierarchy", "Protestant-Baptist/Doctrines", "Principle", "Soul Liberty and the Priesthood of Believers",
            "Each believer stands accountable before God without a mediating priesthood, so conscience must be free from coercion by church or state. Baptists drew from this a long advocacy for religious liberty and the separation of church and state.", 1),
        ("religion_hierarchy", "Catholic/Theology", "Theology", "The Seven Sacraments",
            "Catholic theology teaches seven sacraments instituted by Christ as efficacious signs of grace: baptism, confirmation, Eucharist, penance, anointing of the sick, holy orders and matrimony. Baptism removes original sin and incorporates the person into the Church.", 1),
        ("religion_hierarchy", "Catholic/Theology", "Doctrine", "Scripture, Tradition and the Magisterium",
            "Revelation is transmitted through Sacred Scripture and Sacred Tradition, interpreted authentically by the Magisterium, the teaching office of the bishops in communion with the Pope, as set out by the Second Vatican Council in Dei Verbum.", 1),
        ("religion_hierarchy", "Sunni/Beliefs", "Doctrine", "The Six Articles of Faith",
            "Sunni creed affirms belief in God, the angels, the revealed books, the prophets, the Day of Judgement and divine decree. These articles, summarised in the hadith of Gabriel, frame the practice of the five pillars.", 1),
        ("religion_hierarchy", "Sunni/Beliefs", "Practice", "The Five Pillars",
            "The declaration of faith, the five daily prayers, almsgiving, fasting in Ramadan and the pilgrimage to Mecca form the obligatory acts of worship that give outward shape to a Muslim's faith and community life.", 1),
        ("religion_hierarchy", "Theravada/Teachings", "Teaching", "The Four Noble Truths",
            "The Buddha's first sermon names suffering, its origin in craving, its cessation and the path leading to cessation. The Noble Eightfold Path of right view, intention, speech, action, livelihood, effort, mindfulness and concentration is that path.", 1),
        ("science_hierarchy", "Quantum-Mechanics/Theories", "Theory", "The Copenhagen and Many-Worlds Interpretations",
            "Quantum mechanics predicts probabilities of measurement outcomes. The Copenhagen interpretation treats the wave function's collapse on measurement as fundamental; the many-worlds interpretation keeps unitary evolution and lets every outcome occur in branching worlds.", 1),
    ];

    public static readonly (string Key, string Name, string Description)[] Projects =
    [
        ("PLAT", "Platform", "Core services, data pipelines and the AI layer"),
        ("WEB", "Web App", "The customer-facing web application"),
    ];

    public static readonly (string Project, string Summary, string Description, string Type, string Status, string Priority)[] WorkItems =
    [
        ("PLAT", "Move embeddings to the vector store", "Vectors leave PostgreSQL; Qdrant collections per tenant replace the pgvector columns.", "Epic", "In Progress", "High"),
        ("PLAT", "Fallback chain for embedding providers", "When OpenAI times out, fall back to the self-hosted sentence-transformers server in the same vector space.", "Story", "To Do", "High"),
        ("PLAT", "Budget alert at 80 percent of monthly AI spend", "Tenant owners get an alert when month-to-date AI cost passes the alert threshold.", "Story", "Done", "Medium"),
        ("PLAT", "Replica lag makes dashboards stale", "Dashboards read from the replica; when lag exceeds the threshold, reads should fall back to the primary.", "Bug", "In Review", "Medium"),
        ("WEB", "Semantic search box on the knowledge page", "Users type natural-language questions and get ranked content with highlighted snippets.", "Story", "In Progress", "High"),
        ("WEB", "Login page rejects valid passwords after reset", "After a password reset, the first sign-in fails once; the security stamp is not refreshed.", "Bug", "To Do", "Critical"),
        ("WEB", "Dark theme for charts", "Usage charts are unreadable on the dark theme; use the theme's chart palette.", "Task", "Done", "Low"),
    ];

    public static readonly (string Repository, string Title, string Description, string Author, string State)[] PullRequests =
    [
        ("pulse/platform", "Add Qdrant collection per tenant", "Creates client_{tenant}_{name} collections and moves vector writes out of PostgreSQL.", "dana", "merged"),
        ("pulse/platform", "Circuit breaker for embedding providers", "Skips a provider for a cool-down after repeated failures instead of timing out every request.", "lee", "open"),
        ("pulse/platform", "Record usage rows for failed AI calls", "Failed calls now write an ai_usage_tracking row with the error category and latency.", "sam", "merged"),
        ("pulse/web", "Highlight matched words in search results", "Search results show the snippet with the query's words highlighted.", "kim", "open"),
        ("pulse/web", "Fix chart colours on dark theme", "Use the theme palette for series colours.", "alex", "closed"),
    ];
}
