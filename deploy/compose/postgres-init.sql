-- The Rasa tracker store's database beside the intake database (POSTGRES_DB).
CREATE DATABASE innbygger_tracker OWNER innbygger;
