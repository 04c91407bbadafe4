Console.Error.WriteLine("PgHa.Agent: under construction");
return 2;
