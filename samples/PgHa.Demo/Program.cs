using PgHa.Demo;

return await DemoCommandLine.RunAsync(args);
